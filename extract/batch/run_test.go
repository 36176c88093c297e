package batch

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"whosaid"
)

// items yields n articles "a0", "a1", ... whose texts say how long a fake
// extraction of them takes, so later items often finish first.
func items(n int) iter.Seq[Item] {
	return func(yield func(Item) bool) {
		for i := range n {
			it := Item{Name: fmt.Sprint("a", i), Article: whosaid.Article{ID: fmt.Sprint("a", i), Text: strings.Repeat("x", (i*37)%11)}}
			if !yield(it) {
				return
			}
		}
	}
}

func slowExtract(a whosaid.Article) (*whosaid.Extraction, error) {
	time.Sleep(time.Duration(len(a.Text)) * 200 * time.Microsecond)
	return &whosaid.Extraction{ID: a.ID}, nil
}

func TestRunKeepsOrder(t *testing.T) {
	for _, workers := range []int{1, 3, 8} {
		var got []string
		err := Run(context.Background(), items(200), slowExtract, Options{Workers: workers}, func(it Item, x *whosaid.Extraction, err error) error {
			if err != nil || x.ID != it.Article.ID {
				t.Fatalf("%s: %v %v", it.Name, x, err)
			}
			got = append(got, x.ID)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		for i, id := range got {
			if id != fmt.Sprint("a", i) {
				t.Fatalf("workers %d: item %d is %s", workers, i, id)
			}
		}
		if len(got) != 200 {
			t.Fatalf("workers %d: %d items", workers, len(got))
		}
	}
}

// TestRunBoundsWindow checks no more than Window items are read ahead of
// the one being emitted, even when the first item is slow.
func TestRunBoundsWindow(t *testing.T) {
	var read, emitted atomic.Int64
	var maxAhead int64
	src := func(yield func(Item) bool) {
		for i := range 100 {
			if ahead := read.Add(1) - emitted.Load(); ahead > maxAhead {
				maxAhead = ahead
			}
			if !yield(Item{Article: whosaid.Article{ID: fmt.Sprint(i)}}) {
				return
			}
		}
	}
	ext := func(a whosaid.Article) (*whosaid.Extraction, error) {
		if a.ID == "0" {
			time.Sleep(20 * time.Millisecond)
		}
		return &whosaid.Extraction{ID: a.ID}, nil
	}
	err := Run(context.Background(), src, ext, Options{Workers: 4, Window: 6}, func(Item, *whosaid.Extraction, error) error {
		emitted.Add(1)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if maxAhead > 6 {
		t.Errorf("read %d items ahead of the output, window is 6", maxAhead)
	}
}

func TestRunErrors(t *testing.T) {
	src := func(yield func(Item) bool) {
		_ = yield(Item{Name: "good", Article: whosaid.Article{ID: "good"}}) &&
			yield(Item{Name: "bad input", Err: errors.New("bad input: unreadable")}) &&
			yield(Item{Name: "boom", Article: whosaid.Article{ID: "boom"}}) &&
			yield(Item{Name: "last", Article: whosaid.Article{ID: "last"}})
	}
	ext := func(a whosaid.Article) (*whosaid.Extraction, error) {
		if a.ID == "boom" {
			var m map[string]int
			m["x"]++ // panics
		}
		return &whosaid.Extraction{ID: a.ID}, nil
	}
	var got []string
	err := Run(context.Background(), src, ext, Options{Workers: 2}, func(it Item, x *whosaid.Extraction, err error) error {
		if err != nil {
			got = append(got, "error "+err.Error())
		} else {
			got = append(got, x.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"good", "error bad input: unreadable", "error boom: extractor panicked", "last"}
	for i := range want {
		if i >= len(got) || !strings.HasPrefix(got[i], want[i]) {
			t.Fatalf("got %q, want prefixes %q", got, want)
		}
	}
}

func TestRunStopsOnEmitError(t *testing.T) {
	stop := errors.New("stdout closed")
	n := 0
	err := Run(context.Background(), items(1000), slowExtract, Options{Workers: 2}, func(Item, *whosaid.Extraction, error) error {
		n++
		if n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("err = %v after %d items", err, n)
	}
}

func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err := Run(ctx, items(1000), slowExtract, Options{Workers: 2}, func(Item, *whosaid.Extraction, error) error {
		if n++; n == 2 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || n > 2 {
		t.Errorf("err = %v after %d items", err, n)
	}
}
