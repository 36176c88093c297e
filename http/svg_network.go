package http

import (
	"math"
	"sort"
	"strings"

	"whosaid"
)

// network is a graph of who interacted with whom, laid out server-side
// with a deterministic force-directed layout so the same data always
// draws the same picture.
type network struct {
	Width, Height float64
	Nodes         []node
	Edges         []edge
	Dropped       int // people left out to keep the graph readable
}

type node struct {
	ID     int64
	Name   string
	X, Y   float64
	R      float64
	Degree int
	LabelY float64 // labels sit under their node, clear of most edges
}

type edge struct {
	X1, Y1, X2, Y2 float64
	Weight         float64
	Title          string
}

// maxNodes bounds the graph to the most connected people.
const maxNodes = 40

// newNetwork builds the graph of interactions among named participants.
func newNetwork(is []whosaid.InteractionSeen) network {
	g := network{Width: 900, Height: 560}
	type pair struct{ a, b int64 }
	names := map[int64]string{}
	degree := map[int64]int{}
	kinds := map[pair]map[whosaid.InteractionKind]int{}
	for _, in := range is {
		ps := in.Participants
		for i := range ps {
			for j := i + 1; j < len(ps); j++ {
				a, b := ps[i], ps[j]
				if a.ID == 0 || b.ID == 0 || a.ID == b.ID {
					continue
				}
				if a.ID > b.ID {
					a, b = b, a
				}
				names[a.ID], names[b.ID] = a.Name, b.Name
				k := pair{a.ID, b.ID}
				if kinds[k] == nil {
					kinds[k] = map[whosaid.InteractionKind]int{}
				}
				kinds[k][in.Kind]++
				degree[a.ID]++
				degree[b.ID]++
			}
		}
	}
	ids := make([]int64, 0, len(names))
	for id := range names {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		if degree[ids[i]] != degree[ids[j]] {
			return degree[ids[i]] > degree[ids[j]]
		}
		return ids[i] < ids[j]
	})
	if len(ids) > maxNodes {
		g.Dropped = len(ids) - maxNodes
		ids = ids[:maxNodes]
	}
	index := map[int64]int{}
	for i, id := range ids {
		index[id] = i
	}
	var links [][2]int
	var pairs []pair
	for k := range kinds {
		if _, ok := index[k.a]; !ok {
			continue
		}
		if _, ok := index[k.b]; !ok {
			continue
		}
		pairs = append(pairs, k)
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].a != pairs[j].a {
			return pairs[i].a < pairs[j].a
		}
		return pairs[i].b < pairs[j].b
	})
	for _, p := range pairs {
		links = append(links, [2]int{index[p.a], index[p.b]})
	}
	g.Height = clampF(160+50*float64(len(ids)), 300, 560)
	pos := layout(len(ids), links, g.Width, g.Height)
	for i, id := range ids {
		n := node{ID: id, Name: inert(names[id]), X: pos[i][0], Y: pos[i][1], Degree: degree[id]}
		n.R = 6 + 3*math.Sqrt(float64(n.Degree))
		n.LabelY = n.Y + n.R + 14
		g.Nodes = append(g.Nodes, n)
	}
	for i, p := range pairs {
		a, b := pos[links[i][0]], pos[links[i][1]]
		var parts []string
		total := 0
		for k, c := range kinds[p] {
			parts = append(parts, string(k)+" ×"+itoa(int64(c)))
			total += c
		}
		sort.Strings(parts)
		g.Edges = append(g.Edges, edge{
			X1: a[0], Y1: a[1], X2: b[0], Y2: b[1],
			Weight: math.Min(1.5+float64(total-1), 6),
			Title:  inert(names[p.a]) + " – " + inert(names[p.b]) + ": " + strings.Join(parts, ", "),
		})
	}
	return g
}

// layout places n nodes with Fruchterman–Reingold: nodes repel, links
// attract, the step cools each round. Nodes start on a circle, so the
// result depends only on the input order.
func layout(n int, links [][2]int, w, h float64) [][2]float64 {
	pos := make([][2]float64, n)
	if n == 0 {
		return pos
	}
	cx, cy, margin := w/2, h/2, 60.0
	for i := range pos {
		a := 2 * math.Pi * float64(i) / float64(n)
		pos[i] = [2]float64{cx + (w/2-margin)*math.Cos(a)*0.8, cy + (h/2-margin)*math.Sin(a)*0.8}
	}
	if n == 1 {
		pos[0] = [2]float64{cx, cy}
		return pos
	}
	k := math.Sqrt((w - 2*margin) * (h - 2*margin) / float64(n))
	temp := w / 10
	disp := make([][2]float64, n)
	for round := 0; round < 300; round++ {
		for i := range disp {
			disp[i] = [2]float64{}
		}
		for i := 0; i < n; i++ {
			for j := i + 1; j < n; j++ {
				dx, dy := pos[i][0]-pos[j][0], pos[i][1]-pos[j][1]
				d := math.Max(math.Hypot(dx, dy), 0.01)
				f := k * k / d
				disp[i][0] += dx / d * f
				disp[i][1] += dy / d * f
				disp[j][0] -= dx / d * f
				disp[j][1] -= dy / d * f
			}
		}
		for _, l := range links {
			i, j := l[0], l[1]
			dx, dy := pos[i][0]-pos[j][0], pos[i][1]-pos[j][1]
			d := math.Max(math.Hypot(dx, dy), 0.01)
			f := d * d / k
			disp[i][0] -= dx / d * f
			disp[i][1] -= dy / d * f
			disp[j][0] += dx / d * f
			disp[j][1] += dy / d * f
		}
		for i := range pos {
			// a weak pull to the centre keeps unconnected parts on screen
			disp[i][0] += (cx - pos[i][0]) * 0.02 * k / 10
			disp[i][1] += (cy - pos[i][1]) * 0.02 * k / 10
			d := math.Max(math.Hypot(disp[i][0], disp[i][1]), 0.01)
			step := math.Min(d, temp)
			pos[i][0] = clampF(pos[i][0]+disp[i][0]/d*step, margin, w-margin)
			pos[i][1] = clampF(pos[i][1]+disp[i][1]/d*step, margin/2, h-margin/2)
		}
		temp *= 0.985
	}
	return pos
}

func clampF(v, lo, hi float64) float64 { return math.Max(lo, math.Min(v, hi)) }
