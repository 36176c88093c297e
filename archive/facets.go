package archive

import (
	"slices"
	"strings"

	"whosaid"
)

// FacetWindow is how many of the newest matching statements a search's
// Total and facets count, in either store: counting every match of a
// common word in a large archive would cost seconds per search. Beyond it
// Total is a lower bound and TotalCapped is set.
const FacetWindow = 1000

// FacetScan is how many candidates (the newest statements of the
// full-text matches, the speaker, the outlet or the day range) a search
// looks at to find the FacetWindow matches of its other filters; beyond
// it, too, Total is a lower bound and TotalCapped is set.
const FacetScan = 5000

// FacetLimit is how many values each facet lists.
const FacetLimit = 10

// FacetCounter counts the speakers, outlets and kinds of the newest
// matches, FacetWindow at most.
type FacetCounter struct {
	n      int
	counts [3]map[string]int
}

// Add counts one match, newest first; it returns false once the window is
// full (the match is not counted, and the total is capped).
func (c *FacetCounter) Add(speaker, outlet, kind string) bool {
	if c.n++; c.n > FacetWindow {
		return false
	}
	for i, v := range [3]string{speaker, outlet, kind} {
		if v == "" {
			continue
		}
		if c.counts[i] == nil {
			c.counts[i] = map[string]int{}
		}
		c.counts[i][v]++
	}
	return true
}

// Capped says whether more matches than FacetWindow were offered.
func (c *FacetCounter) Capped() bool { return c.n > FacetWindow }

// Total is the number of matches counted.
func (c *FacetCounter) Total() int { return min(c.n, FacetWindow) }

// Facets lists the FacetLimit most frequent values of each facet, most
// frequent first.
func (c *FacetCounter) Facets() whosaid.Facets {
	return whosaid.Facets{Speakers: top(c.counts[0]), Outlets: top(c.counts[1]), Kinds: top(c.counts[2])}
}

func top(n map[string]int) []whosaid.FacetCount {
	out := make([]whosaid.FacetCount, 0, len(n))
	for v, c := range n {
		out = append(out, whosaid.FacetCount{Value: v, Count: c})
	}
	slices.SortFunc(out, func(a, b whosaid.FacetCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Value, b.Value)
	})
	return out[:min(len(out), FacetLimit)]
}
