package eval

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
// most first (a stable insertion sort: lists are short).
func sortByOverlap(js []int, p Frag, gold []Frag) {
	for i := 1; i < len(js); i++ {
		for k := i; k > 0 && overlap(p, gold[js[k]]) > overlap(p, gold[js[k-1]]); k-- {
			js[k], js[k-1] = js[k-1], js[k]
		}
	}
}
