package postgres

// SetAboutMany sets aboutMany for a test and returns the undo: the shared
// suite's few articles otherwise never take the walk by day.
func SetAboutMany(n int) (undo func()) {
	old := aboutMany
	aboutMany = n
	return func() { aboutMany = old }
}

// SetNoRUM keeps stores opened until the undo from using the rum
// extension, to test the GIN path on a server that has it.
func SetNoRUM() (undo func()) {
	noRUM = true
	return func() { noRUM = false }
}

// RUMOrder is the ordering operator s searches with, "" without rum.
func (s *Store) RUMOrder() string { return s.rumOrder }

// SetRUMMaxMatches sets rumMaxMatches for a test and returns the undo.
func SetRUMMaxMatches(n float64) (undo func()) {
	old := rumMaxMatches
	rumMaxMatches = n
	return func() { rumMaxMatches = old }
}
