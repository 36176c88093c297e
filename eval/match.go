package eval

import "slices"

// matchOverlaps returns a maximum one-to-one matching between gold and
// pred spans that share at least one code point, as a map from predicted
// to gold index. Both slices are sorted by start. A maximum matching
// (Kuhn's augmenting paths) rather than a greedy one makes the count
// independent of the order spans are listed in; among overlapping
// candidates, those overlapping most are tried first so the pairs shown in
// error reports are the natural ones.
func matchOverlaps(gold, pred []Frag) map[int]int {
	adj := make([][]int, len(pred))
	for i, p := range pred {
		for j, g := range gold {
			if g.Start >= p.End {
				break
			}
			if overlap(p, g) > 0 {
				adj[i] = append(adj[i], j)
			}
		}
		sortByOverlap(adj[i], p, gold)
	}
	goldTo := make([]int, len(gold))
	for j := range goldTo {
		goldTo[j] = -1
	}
	var try func(i int, seen []bool) bool
	try = func(i int, seen []bool) bool {
		for _, j := range adj[i] {
			if seen[j] {
				continue
			}
			seen[j] = true
			if goldTo[j] < 0 || try(goldTo[j], seen) {
				goldTo[j] = i
				return true
			}
		}
		return false
	}
	seen := make([]bool, len(gold))
	for i := range pred {
		if len(adj[i]) == 0 {
			continue
		}
		clear(seen)
		try(i, seen)
	}
	out := map[int]int{}
	for j, i := range goldTo {
		if i >= 0 {
			out[i] = j
		}
	}
	return out
}

func overlap(a, b Frag) int { return max(0, min(a.End, b.End)-max(a.Start, b.Start)) }

// sortByOverlap orders the gold indices js by how much they overlap p,
// most first, and among equal overlaps the span closest to p in extent
// (smallest union) first.
func sortByOverlap(js []int, p Frag, gold []Frag) {
	better := func(a, b Frag) bool {
		oa, ob := overlap(p, a), overlap(p, b)
		if oa != ob {
			return oa > ob
		}
		return union(p, a) < union(p, b)
	}
	slices.SortStableFunc(js, func(a, b int) int {
		switch {
		case better(gold[a], gold[b]):
			return -1
		case better(gold[b], gold[a]):
			return 1
		}
		return 0
	})
}

func union(a, b Frag) int { return max(a.End, b.End) - min(a.Start, b.Start) }
