-- A claim is done when its article is stored, whether as a new article or
-- as a sighting of a near-duplicate. Claim used to look for the claim's
-- text hash among the articles only, which a near-duplicate's never is:
-- other processes then waited for the holder's lease (10 minutes) to run
-- out.
ALTER TABLE claims ADD COLUMN done boolean NOT NULL DEFAULT false;
