package archivetest

import (
	"strings"
	"testing"

	"whosaid"
	"whosaid/archive"
)

// TestSynth checks that synthetic articles keep every span on the text it
// named, put their own words in front of each statement, and are rarely
// near-duplicates of each other (here, from only two real articles, they
// share most of their text; from the 924 PolNeAR texts 3.5 % were).
func TestSynth(t *testing.T) {
	seed := seedArticle(t)
	w := wireArticle(t)
	s := NewSynth([]Base{{seed, seedExtraction(t, seed.Text, v1)}, {w, wireExtraction(t, v1)}})
	var hashes []uint64
	near := 0
	for i := range 20 {
		a, x := s.Article(i)
		rs := []rune(a.Text)
		if len(x.Attributions) != 6 {
			t.Fatalf("article %d: %d attributions, want 6", i, len(x.Attributions))
		}
		for _, at := range x.Attributions {
			c := at.Contents[0]
			if string(rs[c.Start:c.End]) != c.Text || !strings.HasSuffix(c.Text, strings.TrimSpace(strings.SplitN(c.Text, " ", 3)[2])) {
				t.Errorf("article %d: content %q at %d-%d", i, c.Text, c.Start, c.End)
			}
			if !strings.HasSuffix(c.Text, "realized.") && !strings.HasSuffix(c.Text, "past") && !strings.HasSuffix(c.Text, "people") &&
				!strings.HasSuffix(c.Text, "closely") && !strings.HasSuffix(c.Text, "days") {
				t.Errorf("article %d: content %q does not end like the original", i, c.Text)
			}
			if at.Cue.Text != "stressed" && at.Cue.Text != "saying" && at.Cue.Text != "added" && at.Cue.Text != "told" &&
				at.Cue.Text != "said" && at.Cue.Text != "urged" {
				t.Errorf("article %d: cue %q", i, at.Cue.Text)
			}
		}
		for _, e := range x.Entities {
			for _, m := range e.Mentions {
				if m.Text != strings.Fields(m.Text)[0] && !strings.Contains(e.Name, m.Text) && e.Name != m.Text {
					t.Errorf("article %d: mention %q of %q", i, m.Text, e.Name)
				}
			}
		}
		h := archive.SimHash(a.Text)
		for _, o := range hashes {
			if archive.NearDuplicate(h, o) {
				near++
				break
			}
		}
		hashes = append(hashes, h)
		if _, err := archive.Prepare(a, x); err != nil {
			t.Fatal(err)
		}
		_ = whosaid.Direct
	}
	if near > 4 {
		t.Errorf("%d of 20 articles are near-duplicates of an earlier one", near)
	}
}
