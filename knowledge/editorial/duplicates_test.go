package editorial

import (
	"context"
	"testing"

	"concierge/knowledge"
	"concierge/knowledge/embed"
)

func TestDuplicates(t *testing.T) {
	arts := []knowledge.Article{
		{ID: "parking-a", Title: "Parking validation", Body: "Validate the parking ticket at the front desk. Validation gives two free hours in the garage."},
		{ID: "parking-b", Title: "Validating parking tickets", Body: "Parking tickets are validated at the front desk; validation gives two free hours in the garage."},
		{ID: "wifi", Title: "Guest Wi-Fi", Body: "The guest wifi network is HarbourGuest and the password is printed on the badge."},
		{ID: "refunds", Title: "Refunds", Body: "Refunds are paid to the original card within ten business days."},
	}
	got, err := Duplicates(context.Background(), embed.NewBuiltin(), arts, 0.6)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].A.ID != "parking-a" || got[0].B.ID != "parking-b" {
		for _, p := range got {
			t.Logf("%s ~ %s %.2f", p.A.ID, p.B.ID, p.Similarity)
		}
		t.Fatalf("want exactly the parking pair, got %d pairs", len(got))
	}
	if got[0].Similarity < 0.6 || got[0].Similarity > 1 {
		t.Fatalf("similarity %v", got[0].Similarity)
	}
	// An identical copy is the most similar pair.
	copyA := arts[0]
	copyA.ID = "parking-copy"
	got, err = Duplicates(context.Background(), embed.NewBuiltin(), append(arts, copyA), 0.6)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) < 2 || got[0].A.ID != "parking-a" || got[0].B.ID != "parking-copy" || got[0].Similarity < 0.99 {
		t.Fatalf("identical copy should come first with ~1.0: %+v", got[0])
	}
}
