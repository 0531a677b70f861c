package ledger

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// TypeItemAdded adds an item to the catalogue.
const TypeItemAdded = "item.added"

func init() { Register(TypeItemAdded, &ItemAdded{}) }

// Item is a catalogue item. Entries name items by ID, which never changes.
type Item struct {
	ID       string `json:"item"`
	NameEN   string `json:"name_en"`
	NameZH   string `json:"name_zh"`
	Unit     string `json:"unit"`
	Standard string `json:"standard,omitempty"` // the standard it must meet, e.g. GB 19083
	Category string `json:"category,omitempty"`
}

// ItemAdded is the body of an item.added entry.
type ItemAdded struct {
	Item
}

var itemID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,39}$`)

// Validate checks the item's id, names and unit.
func (b *ItemAdded) Validate() error { return b.Item.Validate() }

// Validate checks the item's id, names and unit.
func (it *Item) Validate() error {
	switch {
	case !itemID.MatchString(it.ID) || it.ID == ItemMoney:
		return Errorf(EINVALID, "item id must be 2 to 40 lowercase letters, digits or dashes")
	case !sensibleText(it.NameEN, 1, 100) || !sensibleText(it.NameZH, 1, 100):
		return Errorf(EINVALID, "item names must be 1 to 100 characters")
	case !sensibleText(it.Unit, 1, 20):
		return Errorf(EINVALID, "unit must be 1 to 20 characters")
	case !sensibleText(it.Standard, 0, 60) || !sensibleText(it.Category, 0, 40):
		return Errorf(EINVALID, "standard or category is too long")
	}
	return nil
}

// sensibleText reports whether s is trimmed, valid UTF-8 of min to max
// characters without control characters.
func sensibleText(s string, minLen, maxLen int) bool {
	n := utf8.RuneCountInString(s)
	if !utf8.ValidString(s) || n < minLen || n > maxLen || strings.TrimSpace(s) != s {
		return false
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// Catalogue is the seeded list of common relief items.
var Catalogue = []Item{
	{"mask-medical-protective", "Medical protective mask (N95 class)", "医用防护口罩", "pcs", "GB 19083", "ppe"},
	{"mask-surgical", "Surgical mask", "医用外科口罩", "pcs", "YY 0469", "ppe"},
	{"mask-kn95", "KN95 respirator (non-medical)", "KN95 口罩（非医用）", "pcs", "GB 2626", "ppe"},
	{"protective-clothing", "Medical protective clothing", "医用一次性防护服", "sets", "GB 19082", "ppe"},
	{"goggles", "Medical goggles", "医用护目镜", "pcs", "GB 14866", "ppe"},
	{"face-shield", "Face shield", "防护面屏", "pcs", "", "ppe"},
	{"gloves-exam", "Examination gloves", "医用检查手套", "pairs", "GB 10213", "ppe"},
	{"thermometer-ir", "Infrared thermometer", "红外体温计", "pcs", "GB/T 21417.1", "equipment"},
	{"disinfectant", "Disinfectant (chlorine-based)", "含氯消毒液", "L", "GB/T 36758", "hygiene"},
	{"hand-sanitizer", "Hand sanitizer", "免洗手消毒液", "L", "GB 27950", "hygiene"},
	{"oxygen-concentrator", "Oxygen concentrator", "制氧机", "pcs", "YY/T 0298", "equipment"},
	{"ventilator", "Ventilator", "呼吸机", "pcs", "", "equipment"},
	{"drinking-water", "Drinking water", "饮用水", "L", "GB 19298", "food"},
	{"instant-food", "Instant food ration", "方便食品", "boxes", "", "food"},
	{"blanket", "Blanket", "棉被", "pcs", "", "shelter"},
	{"tent", "Family tent", "帐篷", "pcs", "", "shelter"},
}
