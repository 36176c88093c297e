package archive

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"whosaid"
)

func TestFTS5Query(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"words", "Iran support", `"iran" AND "support"`},
		{"phrase", `"Islamic Republic" Iran`, `"islamic republic" AND "iran"`},
		{"exclude", "Iran -support", `"iran" NOT "support"`},
		{"or", "restraint OR Palestinian", `("restraint" OR "palestinian")`},
		{"syntax is quoted away", `"unbalanced AND ( OR * NEAR:`, `"unbalanced and or near"`},
		{"no terms", ` - "" ( `, ``},
		{"only excluded", "-war", ``},
	}
	for _, tt := range tests {
		if got := FTS5Query(tt.in); got != tt.want {
			t.Errorf("%s: FTS5Query(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestHighlight(t *testing.T) {
	got := Highlight(`Iran's support for "the people"`, `iran -people "support for"`, "[", "]")
	if want := `[Iran]'s [support] [for] "the people"`; got != want {
		t.Errorf("Highlight = %q, want %q", got, want)
	}
}

func TestCursor(t *testing.T) {
	for _, c := range []Cursor{{"2021-05-16", 42}, {"", 7}} {
		got, err := ParseCursor(c.String())
		if err != nil || got != c {
			t.Errorf("ParseCursor(%v.String()) = %v, %v", c, got, err)
		}
	}
	for _, bad := range []string{"", "x", Cursor{"yesterday", 1}.String(), Cursor{"2021-05-16", 0}.String()} {
		if _, err := ParseCursor(bad); whosaid.ErrorCode(err) != whosaid.EINVALID {
			t.Errorf("ParseCursor(%q) = %v, want EINVALID", bad, err)
		}
	}
}

func TestBands(t *testing.T) {
	var h uint64 = 0x0123456789abcdef
	b := Bands(h)
	if b[0] != 0xef || b[7] != 0x01 {
		t.Errorf("Bands(%x) = %x", h, b)
	}
	// Within NearBits, at least one band is equal.
	near := h ^ (1 | 1<<9 | 1<<18 | 1<<27 | 1<<36 | 1<<45)
	if !NearDuplicate(h, near) {
		t.Skip("NearBits below 6")
	}
	nb := Bands(near)
	same := 0
	for i := range b {
		if b[i] == nb[i] {
			same++
		}
	}
	if same == 0 {
		t.Errorf("no band shared by two hashes %d bits apart", 6)
	}
}

// TestBlockProbes checks the pigeonhole the SQLite near-duplicate lookup
// relies on: for hashes within NearBits, some block of one is among the
// probes of the same block of the other.
func TestBlockProbes(t *testing.T) {
	var h uint64 = 0x0123456789abcdef
	if b := Blocks(h); b[0] != 0xcdef || b[3] != 0x0123 {
		t.Errorf("Blocks(%x) = %x", h, b)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		h := r.Uint64()
		near := h
		for range r.IntN(NearBits + 1) {
			near ^= 1 << r.IntN(64)
		}
		if !NearDuplicate(h, near) {
			t.Fatalf("%x and %x are not within %d bits", h, near, NearBits)
		}
		probes, blocks := BlockProbes(h), Blocks(near)
		found := false
		for i := range blocks {
			found = found || slices.Contains(probes[i][:], blocks[i])
		}
		if !found {
			t.Fatalf("no probe of %x finds %x", h, near)
		}
	}
}

func TestWalkBatches(t *testing.T) {
	ids := []int64{3, 5, 8, 9, 12}
	next := func(after int64) ([]*whosaid.StoredArticle, error) {
		var out []*whosaid.StoredArticle
		for _, id := range ids {
			if id > after && len(out) < 2 {
				out = append(out, &whosaid.StoredArticle{ID: id})
			}
		}
		return out, nil
	}
	var got []int64
	if err := WalkBatches(next, func(sa *whosaid.StoredArticle) error { got = append(got, sa.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(ids) {
		t.Errorf("walked %v, want %v", got, ids)
	}
	stop := errors.New("stop")
	n := 0
	err := WalkBatches(next, func(sa *whosaid.StoredArticle) error {
		if n++; sa.ID == 8 {
			return stop
		}
		return nil
	})
	if err != stop || n != 3 {
		t.Errorf("stopping at 8: err %v after %d articles, want stop after 3", err, n)
	}
}

func TestWithoutInitials(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Donald J. Trump", "Donald Trump"},
		{"George H.W. Bush", "George Bush"},
		{"George H. W. Bush", "George Bush"},
		{"Paul D Ryan", "Paul Ryan"},
		{"Hillary Rodham Clinton", "Hillary Rodham Clinton"},
		{"J. Edgar Hoover", "J. Edgar Hoover"}, // a first initial stays
		{"Ban Ki-moon", "Ban Ki-moon"},
		{"Trump", "Trump"},
		{"Martin Luther King Jr.", "Martin Luther King Jr."},
	}
	for _, tt := range tests {
		if got := withoutInitials(tt.in); got != tt.want {
			t.Errorf("withoutInitials(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPersonRowAliases(t *testing.T) {
	e := whosaid.Entity{Type: whosaid.EntityPerson, Name: "Donald J. Trump", Mentions: []whosaid.Mention{
		{Span: whosaid.Span{Text: "Donald J. Trump"}, Kind: whosaid.MentionName},
		{Span: whosaid.Span{Text: "Trump\u2019s"}, Kind: whosaid.MentionName},
		{Span: whosaid.Span{Text: "Donald J. Trump's"}, Kind: whosaid.MentionName},
		{Span: whosaid.Span{Text: "Trump"}, Kind: whosaid.MentionName},
		{Span: whosaid.Span{Text: "he"}, Kind: whosaid.MentionPronoun},
	}}
	p, ok := personRow(e)
	if !ok {
		t.Fatal("no person row")
	}
	if got, want := strings.Join(p.Aliases, "|"), "Trump|Donald Trump"; got != want {
		t.Errorf("aliases %q, want %q", got, want)
	}
}
