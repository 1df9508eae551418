package analysis

import (
	"sync"
)

// stemCache remembers the stems of recent words. Snowball stemming was the
// largest CPU cost of indexing (every token of every passage) and of a
// search's snippets after the postings; a language's working vocabulary is
// small next to its token count, so most words are stemmed once. The cache
// is sharded to keep indexing goroutines off one lock, and bounded: a shard
// that fills up is emptied (the next words refill it), so memory stays
// under stemCacheShards × stemCacheShardCap entries whatever the text.
type stemCache struct {
	shards [stemCacheShards]stemShard
}

const (
	stemCacheShards   = 16
	stemCacheShardCap = 4096
	// stemCacheMaxLen: longer words (identifiers, pasted tokens) are rare
	// and rarely repeat; they are stemmed without being kept.
	stemCacheMaxLen = 32
)

type stemShard struct {
	mu sync.RWMutex
	m  map[string]string
}

func (c *stemCache) shard(w string) *stemShard {
	h := uint32(2166136261) // FNV-1a, as lookup
	for i := 0; i < len(w); i++ {
		h = (h ^ uint32(w[i])) * 16777619
	}
	return &c.shards[h%stemCacheShards]
}

// lookup returns the cached stem of the word in b without allocating.
func (c *stemCache) lookup(b []byte) (string, bool) {
	if len(b) > stemCacheMaxLen {
		return "", false
	}
	h := uint32(2166136261)
	for i := 0; i < len(b); i++ {
		h = (h ^ uint32(b[i])) * 16777619
	}
	sh := &c.shards[h%stemCacheShards]
	sh.mu.RLock()
	s, ok := sh.m[string(b)]
	sh.mu.RUnlock()
	return s, ok
}

// stem returns stem(w), from the cache when w was seen recently.
func (c *stemCache) stem(w string, stem func(string) string) string {
	if len(w) > stemCacheMaxLen {
		return stem(w)
	}
	sh := c.shard(w)
	sh.mu.RLock()
	s, ok := sh.m[w]
	sh.mu.RUnlock()
	if ok {
		return s
	}
	s = stem(w)
	sh.mu.Lock()
	if sh.m == nil || len(sh.m) >= stemCacheShardCap {
		sh.m = make(map[string]string, 256)
	}
	// w and s may be slices of a larger string (a passage's text): keep
	// copies so the cache does not pin that text.
	sh.m[cloneString(w)] = cloneString(s)
	sh.mu.Unlock()
	return s
}

func cloneString(s string) string { return string(append([]byte(nil), s...)) }
