package ingest

import (
	"path/filepath"
	"strings"
	"testing"

	"whosaid"
)

func TestReadText(t *testing.T) {
	for _, f := range fixtures {
		t.Run(f.Name, func(t *testing.T) {
			items := readAll(t, []string{filepath.Join("testdata", "articles", f.Name+".txt")}, Options{})
			if len(items) != 1 {
				t.Fatalf("%d items, want 1", len(items))
			}
			// Text files are taken as they are: the offsets of the
			// extraction are offsets into the file.
			wantArticle{ID: f.Name, Text: f.rawText(t)}.check(t, items[0])
		})
	}
}

func TestReadTextErrors(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name, content string
		want          wantErr
	}{
		{"empty.txt", "", wantErr{Code: whosaid.EINVALID, Has: []string{"empty.txt", "empty"}}},
		{"blank.txt", " \n\t\r\n", wantErr{Code: whosaid.EINVALID, Has: []string{"blank.txt", "empty"}}},
		{"latin1.txt", "Caf\xe9 au lait, said the mayor.", wantErr{Code: whosaid.EINVALID, Has: []string{"latin1.txt", "not UTF-8", "offset 3"}}},
		{"junk.txt", "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x03\x00>\x00", wantErr{Code: whosaid.EINVALID, Has: []string{"junk.txt", "binary"}}},
		{"junk.bin", "\x00\x01\x02\x03 plainly binary", wantErr{Code: whosaid.EINVALID, Has: []string{"junk.bin", "binary"}}},
		{"nul.txt", "A long enough article, said the mayor, with one NUL\x00 in it.", wantErr{Code: whosaid.EINVALID, Has: []string{"nul.txt", "binary", "0x00 at offset 51"}}},
		{"controls.txt", "Escapes\x1b[1m every \x1b[0mfew\x07 bytes\x1b are a terminal dump.", wantErr{Code: whosaid.EINVALID, Has: []string{"controls.txt", "binary", "0x1b at offset 7"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, c.name)
			writeFile(t, path, []byte(c.content))
			// The bad file comes first; the good one after it must still be read.
			items := readAll(t, []string{path, "testdata/articles/seed.txt"}, Options{})
			if len(items) != 2 {
				t.Fatalf("%d items, want 2", len(items))
			}
			c.want.Origin = path
			c.want.check(t, items[0])
			wantArticle{ID: "seed", Text: fixtureByName(t, "seed").rawText(t)}.check(t, items[1])
		})
	}
	t.Run("stray control byte", func(t *testing.T) {
		// One ESC in a real article (PolNeAR has one) is not binary data:
		// the text is kept as it is, offsets and all.
		text := "The senator said \"we will win\" on Tuesday.\x1b And he meant it, aides said. " + strings.Repeat("More text. ", 20)
		path := filepath.Join(dir, "stray.txt")
		writeFile(t, path, []byte(text))
		items := readAll(t, []string{path}, Options{})
		wantArticle{ID: "stray", Text: text}.check(t, items[0])
	})
	t.Run("missing", func(t *testing.T) {
		items := readAll(t, []string{filepath.Join(dir, "nope.txt")}, Options{})
		wantErr{Code: whosaid.ENOTFOUND, Has: []string{"nope.txt"}}.check(t, items[0])
	})
	t.Run("too large", func(t *testing.T) {
		items := readAll(t, []string{"testdata/articles/nyt.txt"}, Options{MaxBytes: 1000})
		wantErr{Code: whosaid.EINVALID, Has: []string{"nyt.txt", "1000-byte limit"}}.check(t, items[0])
	})
}
