package extract

import (
	"math"
	"testing"
)

// trainDocs is a small corpus of the shapes PolNeAR annotates: a source,
// a cue and a content, in both orders.
func trainDocs() []TrainDoc {
	var docs []TrainDoc
	for _, text := range []string{
		"The senator said the bill would pass. Critics disagreed.",
		"\"We will win,\" the mayor told reporters on Monday.",
		"Officials warned that the storm could worsen, according to the agency.",
		"She added that talks would resume. The weather was mild.",
	} {
		docs = append(docs, TrainDoc{Name: text[:8], Text: text, Attributions: annotate(text)})
	}
	return docs
}

// annotate marks the first cue word found in text, the words before it
// as source and the rest of its sentence as content: enough for the
// taggers to learn something, which is all the tests below need.
func annotate(text string) []TrainAttribution {
	for _, cue := range []string{"said", "told", "warned", "added"} {
		i := indexRunes(text, cue)
		if i < 0 {
			continue
		}
		return []TrainAttribution{{
			Sources:  []TrainSpan{{0, i - 1}},
			Cues:     []TrainSpan{{i, i + len(cue)}},
			Contents: []TrainSpan{{i + len(cue) + 1, i + len(cue) + 10}},
		}}
	}
	return nil
}

func indexRunes(s, sub string) int {
	for i := range []rune(s) {
		if r := []rune(s)[i:]; len(r) >= len(sub) && string(r[:len(sub)]) == sub {
			return i
		}
	}
	return -1
}

// TestTrainAveragesRuns checks that Runs trains one tagger per seed and
// ships their mean, weight by weight.
func TestTrainAveragesRuns(t *testing.T) {
	opts := TrainOptions{Epochs: 3, Bits: 10, Seed: 7}
	one, err := Train(trainDocs(), opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.Seed = 8
	two, err := Train(trainDocs(), opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.Seed, opts.Runs = 7, 2
	both, err := Train(trainDocs(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if both.Meta["runs"] != "2" || both.Meta["seed"] != "7" {
		t.Errorf("meta %v", both.Meta)
	}
	differ := 0
	for i, w := range both.Table.W {
		a, b := one.Table.W[i], two.Table.W[i]
		if a != b {
			differ++
		}
		if math.Abs(float64(w-(a+b)/2)) > 1e-4 {
			t.Fatalf("weight %d: %v, want the mean of %v and %v", i, w, a, b)
		}
	}
	if differ == 0 {
		t.Fatal("the two seeds trained the same weights: the test shows nothing")
	}
	for i, w := range both.Role.Trans {
		if a, b := one.Role.Trans[i], two.Role.Trans[i]; math.Abs(float64(w-(a+b)/2)) > 1e-4 {
			t.Fatalf("role transition %d: %v, want the mean of %v and %v", i, w, a, b)
		}
	}
}

// TestReportingStems checks that a reporting verb is known in its regular
// and listed irregular forms, whatever its stem, and other words are not.
func TestReportingStems(t *testing.T) {
	set := reportingStems()
	for _, w := range []string{"say", "says", "said", "saying", "urge", "urged", "urges", "urging", "tell", "told", "echoed", "echoes", "cites", "pledged", "tweeted", "admitted", "admitting", "criticizing"} {
		if !set.has(hashStemKey(w)) {
			t.Errorf("%q is not a reporting verb", w)
		}
	}
	for _, w := range []string{"table", "tables", "storm", "president", "the", "rain"} {
		if set.has(hashStemKey(w)) {
			t.Errorf("%q is a reporting verb", w)
		}
	}
}
