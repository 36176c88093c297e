package model

import (
	"bytes"
	_ "embed"
	"sync"
)

// attributionModel is the tagger trained by `whosaid train` on the PolNeAR
// train split (Newell, Margolin, Ruths, LREC 2018); see model/README.md.
//
//go:embed data/attribution.model.gz
var attributionModel []byte

var loadDefault = sync.OnceValues(func() (*Model, error) {
	if len(attributionModel) == 0 {
		return nil, nil
	}
	return Read(bytes.NewReader(attributionModel))
})

// Default returns the embedded model, loaded once and shared: models are
// read-only after training. It is nil (with no error) in a build without
// a trained model.
func Default() (*Model, error) { return loadDefault() }
