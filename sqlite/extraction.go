package sqlite

import (
	"fmt"

	"github.com/klauspost/compress/s2"

	"whosaid/archive"
)

// Extractions are stored as S2-compressed JSON (a BLOB, S2's block
// format): the JSON repeats every mention's text and came to 2.6 times
// the article text, two thirds of the articles table. Compressed it is
// 38 % of its size (11.1 MB → 4.2 MB for the 924 PolNeAR texts, 21 ms to
// compress them all), and ingest writes and syncs that much less.
// Archives written before store it as TEXT, which is read as it is.

// Pack sets d.Packed to the stored form of d's extraction (archive.Packer).
func (s *Store) Pack(d *archive.Doc) {
	if d.Extraction != nil && d.Packed == nil {
		d.Packed = packExtraction(d.Extraction)
	}
}

// packExtraction returns the stored form of an extraction's JSON.
func packExtraction(js []byte) []byte {
	return s2.Encode(nil, js)
}

// unpackExtraction returns the JSON of a stored extraction: TEXT is JSON
// already, a BLOB is compressed.
func unpackExtraction(v any) ([]byte, error) {
	switch v := v.(type) {
	case string:
		return []byte(v), nil
	case []byte:
		js, err := s2.Decode(nil, v)
		if err != nil {
			return nil, fmt.Errorf("decompressing: %w", err)
		}
		return js, nil
	default:
		return nil, fmt.Errorf("unexpected %T", v)
	}
}
