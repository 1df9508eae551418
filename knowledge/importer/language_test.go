package importer

import (
	"context"
	"testing"
	"testing/fstest"
)

// Files without a language key get the language of their text; a declared
// one is kept.
func TestImportDetectsLanguageWithoutKey(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	fsys := fstest.MapFS{
		"en.md":   {Data: []byte("# Refunds\n\nCustomers can ask for a refund within thirty days of the purchase, and the money goes back to the card they paid with.")},
		"ru.md":   {Data: []byte("# Возврат\n\nКлиенты могут вернуть деньги в течение тридцати дней после покупки, и деньги возвращаются на ту карту, с которой они платили.")},
		"th.md":   {Data: []byte("# การคืนเงิน\n\nลูกค้าสามารถขอคืนเงินได้ภายในสามสิบวันหลังการซื้อ")},
		"kept.md": {Data: []byte("---\nlanguage: de\n---\n# Rückerstattung\n\nKunden können innerhalb von dreißig Tagen eine Rückerstattung verlangen.")},
	}
	if _, err := Import(ctx, st, fsys, "folder", Options{}); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{"en": "en", "ru": "ru", "th": "th", "kept": "de"} {
		a, err := st.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if a.Language != want {
			t.Errorf("%s: language %q, want %q", id, a.Language, want)
		}
	}
}
