package embed

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

func cos(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s
}

func TestBuiltinNormalisedDeterministic(t *testing.T) {
	ctx := context.Background()
	e := NewBuiltin()
	if e.ID() != BuiltinID || BuiltinID != "builtin-v2" {
		t.Fatalf("ID %q", e.ID())
	}
	texts := []string{"How do I get a refund?", "Как вернуть деньги?", "ขอคืนเงินได้อย่างไร", "", "!!!"}
	v1, err := e.Embed(ctx, texts)
	if err != nil {
		t.Fatal(err)
	}
	v2, _ := NewBuiltin().Embed(ctx, texts)
	for i := range texts {
		if len(v1[i]) != BuiltinDims {
			t.Fatalf("dims %d", len(v1[i]))
		}
		var n float64
		for j, x := range v1[i] {
			n += float64(x) * float64(x)
			if x != v2[i][j] {
				t.Fatalf("text %d not deterministic", i)
			}
		}
		if math.Abs(n-1) > 1e-4 {
			t.Errorf("text %q norm² %f", texts[i], n)
		}
	}
	if NewBuiltin(WithDims(128)).ID() != "builtin-v2-128d" {
		t.Error("dims not in ID")
	}
}

func TestBuiltinSimilarity(t *testing.T) {
	ctx := context.Background()
	e := NewBuiltin()
	emb := func(s string) []float32 { v, _ := e.Embed(ctx, []string{s}); return v[0] }
	cases := []struct{ q, near, far string }{
		{"how can I get my money back", "Refund policy: we reimburse purchases within 30 days", "Change the delivery address of an order"},
		{"pasword reset", "Resetting your password", "Shipping to another country"},
		{"cancelled subscriptions", "How to cancel a subscription", "Update billing details"},
		{"вернуть деньги за заказ", "Возврат денег за заказы", "Доставка в другие страны"},
		{"คืนเงิน", "นโยบายการคืนเงินภายใน 30 วัน", "การจัดส่งสินค้าไปต่างประเทศ"},
	}
	for _, c := range cases {
		q := emb(c.q)
		if n, f := cos(q, emb(c.near)), cos(q, emb(c.far)); n <= f {
			t.Errorf("%q: near %.3f <= far %.3f", c.q, n, f)
		}
	}
}

func TestBuiltinContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewBuiltin().Embed(ctx, []string{"a"}); err == nil {
		t.Fatal("want error for cancelled context")
	}
}

// BenchmarkEmbed embeds passages of about 150 words (the size the search
// engine embeds) with the built-in embedder.
func BenchmarkEmbed(b *testing.B) {
	words := strings.Fields(`the customer was charged twice for one order and asks for a refund of the duplicate
payment; check the payment history in the billing portal, confirm the card and the amount, then refund
the second charge within five business days and tell the customer when it will show on their statement
password reset links expire after one hour so send a new one if the customer reports an expired link`)
	texts := make([]string, 64)
	for i := range texts {
		var sb strings.Builder
		for j := 0; j < 150; j++ {
			sb.WriteString(words[(i*7+j*13)%len(words)])
			sb.WriteByte(' ')
		}
		texts[i] = sb.String()
	}
	e := NewBuiltin()
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.Embed(ctx, texts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(texts)), "µs/passage")
}

// A call with many texts (shared out over the CPUs) embeds each text as a
// call with that text alone does, in order.
func TestBuiltinBatchEqualsOneByOne(t *testing.T) {
	ctx := context.Background()
	e := NewBuiltin()
	texts := make([]string, 301)
	for i := range texts {
		texts[i] = fmt.Sprintf("refund %d of order %d: the card was charged twice", i, i*7)
	}
	all, err := e.Embed(ctx, texts)
	if err != nil || len(all) != len(texts) {
		t.Fatalf("%d vectors, %v", len(all), err)
	}
	for i, tx := range texts {
		one, _ := e.Embed(ctx, []string{tx})
		if !slices.Equal(one[0], all[i]) {
			t.Fatalf("text %d differs in a batch", i)
		}
	}
}
