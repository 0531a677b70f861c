package sqlite

// ForgetCaches empties what the store keeps of the log in memory for
// public pages (names, custody facts, the tree's upper and middle hashes), so the next page
// reads everything from the database.
func (s *Store) ForgetCaches() {
	s.names.mu.Lock()
	s.names.items, s.names.n, s.names.orgs = nil, 0, nil
	s.names.mu.Unlock()
	s.facts.mu.Lock()
	s.facts.lots, s.facts.handoffs = nil, nil
	s.facts.mu.Unlock()
	s.upper.mu.Lock()
	s.upper.m = nil
	s.upper.mu.Unlock()
	s.mid.mu.Lock()
	s.mid.levels = nil
	s.mid.mu.Unlock()
}
