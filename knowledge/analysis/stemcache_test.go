package analysis

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/russian"
)

func TestStemCacheAgreesWithSnowball(t *testing.T) {
	words := []string{"cancelled", "cancellation", "running", "refunds", "платежи", "возврата", "the", "a",
		"supercalifragilisticexpialidocious-identifier-abc", "ข้อมูล", "123"}
	for round := 0; round < 2; round++ { // second round from the cache
		for _, w := range words {
			want := w
			switch r := []rune(w)[0]; {
			case r >= 'а' && r <= 'я':
				want = russian.Stem(w, false)
			case r < 0x250 && (r >= 'a' && r <= 'z'):
				want = english.Stem(w, false)
			}
			if got := StemWord(w); got != want {
				t.Errorf("round %d: StemWord(%q) = %q, want %q", round, w, got, want)
			}
			if got, ok := stems.lookup([]byte(w)); round == 1 && len(w) <= stemCacheMaxLen && want != w && (!ok || got != want) {
				t.Errorf("lookup(%q) = %q, %v after stemming it", w, got, ok)
			}
		}
	}
}

func TestStemCacheBounded(t *testing.T) {
	var c stemCache
	calls := 0
	stem := func(w string) string { calls++; return w + "!" }
	for i := 0; i < stemCacheShards*stemCacheShardCap*3; i++ {
		if got := c.stem(fmt.Sprintf("w%d", i), stem); got != fmt.Sprintf("w%d!", i) {
			t.Fatalf("stem = %q", got)
		}
	}
	for i := range c.shards {
		if n := len(c.shards[i].m); n > stemCacheShardCap {
			t.Fatalf("shard %d holds %d entries, cap %d", i, n, stemCacheShardCap)
		}
	}
	before := calls
	c.stem("w0-again", stem)
	c.stem("w0-again", stem)
	if calls != before+1 {
		t.Fatalf("a repeated word was stemmed %d times, want once", calls-before)
	}
}

func TestStemCacheConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				w := fmt.Sprintf("refunding%d", i%300)
				if got, want := StemWord(w), english.Stem(w, false); got != want {
					t.Errorf("StemWord(%q) = %q, want %q", w, got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func BenchmarkStemWord(b *testing.B) {
	words := []string{"cancellation", "refunding", "payments", "accounts", "delivery", "возврата"}
	for i := 0; i < b.N; i++ {
		StemWord(words[i%len(words)])
	}
}

// The stemmers only remove and rewrite endings: a stem starts with its
// word's first letter. The search package's snippets rely on it to stem
// only the words that can match a query term. The words are the Porter2
// exceptions, y/ё spellings and the like; across the 23k distinct words of
// the retrieval suite's collections none changed its first letter either.
func TestStemKeepsTheFirstLetter(t *testing.T) {
	for _, w := range []string{"skis", "skies", "dying", "lying", "tying", "idly", "gently", "ugly", "early",
		"only", "singly", "sky", "news", "howe", "atlas", "cosmos", "bias", "andes", "yelling", "yours",
		"youth", "generously", "communism", "arsenal", "ёлка", "ёжики", "яблоками", "является", "эффективный",
		"ьа", "ъезд", "refunded", "Refunds", "über", "éclairs", "zzz", "y", "ё"} {
		s := StemWord(strings.ToLower(w))
		a, _ := utf8.DecodeRuneInString(strings.ToLower(w))
		b, _ := utf8.DecodeRuneInString(s)
		if s != "" && a != b {
			t.Errorf("%q stems to %q", w, s)
		}
	}
}
