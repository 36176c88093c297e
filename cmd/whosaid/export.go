package main

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"whosaid"
	"whosaid/archive"
)

func newExportCmd() *cobra.Command {
	var db, format, network string
	cmd := &cobra.Command{
		Use:   "export --format jsonl|csv|graphml [--network interactions|mentions]",
		Short: "Write every statement, or a network of people, from the archive",
		Long: `Without --network, write every statement in the archive (newest first) as
JSON Lines or CSV. With --network, write a network of people as GraphML,
or its edges as JSON Lines or CSV: "interactions" links the participants
of each reported call, meeting, visit, letter or message (undirected);
"mentions" links a speaker to every person named inside what they said
(directed). Edges carry how often they were seen and, for interactions,
their kinds. GraphML defaults to the interactions network.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch format {
			case "jsonl", "csv":
			case "graphml":
				if network == "" {
					network = "interactions"
				}
			default:
				return whosaid.Errorf(whosaid.EINVALID, "--format %q: want jsonl, csv or graphml", format)
			}
			if network != "" && network != "interactions" && network != "mentions" {
				return whosaid.Errorf(whosaid.EINVALID, "--network %q: want interactions or mentions", network)
			}
			a, err := openArchive(cmd.Context(), db)
			if err != nil {
				return err
			}
			defer a.Close()
			out := cmd.OutOrStdout()
			if network == "" {
				w, err := newStatementWriter(out, format)
				if err != nil {
					return err
				}
				return eachStatement(cmd, a, whosaid.StatementFilter{}, 0, w.write, w.flush)
			}
			r, ok := a.(archive.Reprocessor)
			if !ok {
				return whosaid.Errorf(whosaid.EINTERNAL, "this archive cannot list its extractions")
			}
			g := newGraph(network == "mentions")
			// Every article: no extractor version is spelled like this.
			err = r.ArticlesByExtractor(cmd.Context(), "\x00", func(sa *whosaid.StoredArticle) error {
				if sa.Extraction != nil {
					g.add(sa.Extraction)
				}
				return nil
			})
			if err != nil {
				return err
			}
			return g.write(out, format)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&db, "db", defaultDB, "archive: a SQLite file or a postgres:// URL")
	fl.StringVar(&format, "format", "jsonl", "jsonl, csv or graphml")
	fl.StringVar(&network, "network", "", "interactions or mentions (default: statements)")
	return cmd
}

// graph is a network of people keyed by archive.NameKey.
type graph struct {
	directed bool
	names    map[string]string // key → name as first seen
	order    []string          // keys in order of appearance
	edges    map[[2]string]*edge
}

type edge struct {
	weight int
	kinds  []string
}

func newGraph(directed bool) *graph {
	return &graph{directed: directed, names: map[string]string{}, edges: map[[2]string]*edge{}}
}

func (g *graph) node(name string) string {
	k := archive.NameKey(name)
	if _, ok := g.names[k]; !ok && k != "" {
		g.names[k] = strings.TrimSpace(name)
		g.order = append(g.order, k)
	}
	return k
}

func (g *graph) link(a, b, kind string) {
	if a == "" || b == "" || a == b {
		return
	}
	if !g.directed && b < a {
		a, b = b, a
	}
	e := g.edges[[2]string{a, b}]
	if e == nil {
		e = &edge{}
		g.edges[[2]string{a, b}] = e
	}
	e.weight++
	if kind != "" && !slices.Contains(e.kinds, kind) {
		e.kinds = append(e.kinds, kind)
	}
}

// add adds one article's interactions, or its speakers' mentions of
// people inside what they said.
func (g *graph) add(x *whosaid.Extraction) {
	ents := map[whosaid.EntityID]whosaid.Entity{}
	for _, e := range x.Entities {
		ents[e.ID] = e
	}
	if !g.directed {
		for _, in := range x.Interactions {
			for i, p := range in.Participants {
				for _, q := range in.Participants[i+1:] {
					g.link(g.node(ents[p].Name), g.node(ents[q].Name), string(in.Kind))
				}
			}
		}
		return
	}
	for _, at := range x.Attributions {
		sp, ok := ents[at.Speaker]
		if !ok {
			continue
		}
		for _, e := range x.Entities {
			if e.Type == whosaid.EntityPerson && e.ID != sp.ID && mentionedIn(e, at.Contents) {
				g.link(g.node(sp.Name), g.node(e.Name), "")
			}
		}
	}
}

func mentionedIn(e whosaid.Entity, contents []whosaid.Span) bool {
	for _, m := range e.Mentions {
		for _, c := range contents {
			if c.Contains(m.Span) {
				return true
			}
		}
	}
	return false
}

// sortedEdges lists the edges heaviest first, then by names.
func (g *graph) sortedEdges() [][2]string {
	keys := make([][2]string, 0, len(g.edges))
	for k := range g.edges {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int {
		if d := g.edges[b].weight - g.edges[a].weight; d != 0 {
			return d
		}
		return strings.Compare(a[0]+"\x00"+a[1], b[0]+"\x00"+b[1])
	})
	return keys
}

func (g *graph) write(out io.Writer, format string) error {
	switch format {
	case "graphml":
		return g.writeGraphML(out)
	case "csv":
		cw := csv.NewWriter(out)
		cw.Write([]string{"source", "target", "weight", "kinds"})
		for _, k := range g.sortedEdges() {
			e := g.edges[k]
			cw.Write([]string{g.names[k[0]], g.names[k[1]], strconv.Itoa(e.weight), strings.Join(e.kinds, ";")})
		}
		cw.Flush()
		return cw.Error()
	default:
		enc := json.NewEncoder(out)
		enc.SetEscapeHTML(false)
		for _, k := range g.sortedEdges() {
			e := g.edges[k]
			kinds := e.kinds
			if kinds == nil {
				kinds = []string{}
			}
			if err := enc.Encode(map[string]any{"source": g.names[k[0]], "target": g.names[k[1]], "weight": e.weight, "kinds": kinds}); err != nil {
				return err
			}
		}
		return nil
	}
}

func (g *graph) writeGraphML(out io.Writer) error {
	esc := func(s string) string {
		var b strings.Builder
		xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	dir := "undirected"
	if g.directed {
		dir = "directed"
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="name" for="node" attr.name="name" attr.type="string"/>
  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>
  <key id="kinds" for="edge" attr.name="kinds" attr.type="string"/>
`)
	fmt.Fprintf(&b, "  <graph id=\"whosaid\" edgedefault=\"%s\">\n", dir)
	id := map[string]string{}
	for i, k := range g.order {
		id[k] = "n" + strconv.Itoa(i)
		fmt.Fprintf(&b, "    <node id=\"%s\"><data key=\"name\">%s</data></node>\n", id[k], esc(g.names[k]))
	}
	for i, k := range g.sortedEdges() {
		e := g.edges[k]
		fmt.Fprintf(&b, "    <edge id=\"e%d\" source=\"%s\" target=\"%s\"><data key=\"weight\">%d</data>", i, id[k[0]], id[k[1]], e.weight)
		if len(e.kinds) > 0 {
			fmt.Fprintf(&b, "<data key=\"kinds\">%s</data>", esc(strings.Join(e.kinds, ";")))
		}
		b.WriteString("</edge>\n")
	}
	b.WriteString("  </graph>\n</graphml>\n")
	_, err := io.WriteString(out, b.String())
	return err
}
