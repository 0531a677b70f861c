// Package views renders Aidtrail's pages with templ: view models in,
// HTML out, every string from the typed catalogs below (en and zh-CN).
package views

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/aidtrail/aidtrail/ledger"
	"golang.org/x/text/language"
)

// Lang is a supported language; it indexes the catalogs.
type Lang int

const (
	EN Lang = iota
	ZH
)

var langTags = []language.Tag{language.English, language.SimplifiedChinese}

var matcher = language.NewMatcher(langTags)

// Code is the language's BCP 47 tag as used in <html lang> and ?lang=.
func (l Lang) Code() string {
	if l == ZH {
		return "zh-CN"
	}
	return "en"
}

// ParseLang matches a language preference ("zh", "zh-CN", "en-GB", an
// Accept-Language header); ok is false if nothing matched confidently.
func ParseLang(pref string) (Lang, bool) {
	tags, _, err := language.ParseAcceptLanguage(pref)
	if err != nil || len(tags) == 0 {
		return EN, false
	}
	_, idx, conf := matcher.Match(tags...)
	if conf == language.No {
		return EN, false
	}
	return Lang(idx), true
}

// RequestLang picks the language: ?lang=, then the lang cookie, then
// Accept-Language, else English.
func RequestLang(r *http.Request) Lang {
	if l, ok := ParseLang(r.URL.Query().Get("lang")); ok && r.URL.Query().Get("lang") != "" {
		return l
	}
	if c, err := r.Cookie("lang"); err == nil && c.Value != "" {
		if l, ok := ParseLang(c.Value); ok {
			return l
		}
	}
	if l, ok := ParseLang(r.Header.Get("Accept-Language")); ok {
		return l
	}
	return EN
}

// Text is the catalog of one language; every string a page shows is a field.
type Text struct {
	Common   CommonText
	Public   PublicText
	Accounts AccountsText
	Needs    NeedsText
	Custody  CustodyText
	Funds    FundsText
	Keys     KeysText
	Witness  WitnessText
	Forms    FormsText
}

// T returns the catalog of the request's language.
func T(ctx context.Context) *Text { return catalogs[LangOf(ctx)] }

var catalogs = [...]*Text{
	EN: {Common: enCommon, Public: enPublic, Accounts: enAccounts, Needs: enNeeds, Custody: enCustody, Funds: enFunds, Keys: enKeys, Witness: enWitness, Forms: enForms},
	ZH: {Common: zhCommon, Public: zhPublic, Accounts: zhAccounts, Needs: zhNeeds, Custody: zhCustody, Funds: zhFunds, Keys: zhKeys, Witness: zhWitness, Forms: zhForms},
}

type langKey struct{}

// WithLang stores the request's language in ctx.
func WithLang(ctx context.Context, l Lang) context.Context {
	return context.WithValue(ctx, langKey{}, l)
}

// LangOf returns the language stored by WithLang (English if none).
func LangOf(ctx context.Context) Lang {
	l, _ := ctx.Value(langKey{}).(Lang)
	return l
}

// ErrorText translates an error for the user: domain errors by their
// English format (see errorsZH), anything else as a generic failure.
func ErrorText(ctx context.Context, err error) string {
	code := ledger.ErrorCode(err)
	if code == ledger.EINTERNAL {
		return T(ctx).Common.InternalError
	}
	var de *ledger.Error
	if errors.As(err, &de) {
		// Status words and units among the arguments (a shipment's
		// "picked_up", "pcs") are shown in the reader's words too, and codes grouped.
		args := slices.Clone(de.Args)
		for i, a := range args {
			if w, ok := a.(string); ok {
				if said, ok := T(ctx).Custody.Statuses[w]; ok {
					args[i] = said
				} else {
					args[i] = Unit(ctx, w)
				}
			}
		}
		f := de.Format
		if zh, ok := errorsZH[de.Format]; ok && LangOf(ctx) == ZH {
			f = zh
		}
		return GroupCodes(fmt.Sprintf(f, args...))
	}
	return err.Error()
}

// errorsZH translates domain error formats into Chinese; every format that
// ledger.Errorf is called with must be here (a test checks).
var errorsZH = map[string]string{}

// addErrorsZH merges translations from an area's file.
func addErrorsZH(m map[string]string) bool {
	for k, v := range m {
		if _, dup := errorsZH[k]; dup {
			panic("views: error translated twice: " + k)
		}
		errorsZH[k] = v
	}
	return true
}
