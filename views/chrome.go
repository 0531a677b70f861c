package views

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"

	"github.com/a-h/templ"
	"github.com/aidtrail/aidtrail/ledger"
)

// Chrome is what the frame around every page needs: the log's latest
// checkpoint for the footer and the path for the language switch.
type Chrome struct {
	LogSize int64
	LogRoot []byte
	Path    string        // the current request's path and query, for return links
	Member  ledger.Member // the viewer (zero if signed out): the header shows their links
}

type chromeKey struct{}

// WithChrome stores the page frame's data in ctx.
func WithChrome(ctx context.Context, c Chrome) context.Context {
	return context.WithValue(ctx, chromeKey{}, c)
}

// ChromeOf returns the data stored by WithChrome.
func ChromeOf(ctx context.Context) Chrome {
	c, _ := ctx.Value(chromeKey{}).(Chrome)
	return c
}

func rootShort(root []byte) string {
	s := base64.StdEncoding.EncodeToString(root)
	if len(s) > 12 {
		return s[:12] + "…"
	}
	return s
}

func otherLang(ctx context.Context) string {
	if LangOf(ctx) == ZH {
		return "en"
	}
	return "zh-CN"
}

func sprintf(format string, a ...any) string { return fmt.Sprintf(format, a...) }

// loginURL links to the sign-in page, coming back to path afterwards.
func loginURL(path string) templ.SafeURL {
	if path == "" || path == "/" || strings.HasPrefix(path, "/login") || strings.HasPrefix(path, "/signup") {
		return "/login"
	}
	return templ.SafeURL("/login?return=" + url.QueryEscape(path))
}

func signupAction(invite string) templ.SafeURL {
	if invite == "" {
		return "/signup"
	}
	return templ.SafeURL("/invite/" + url.PathEscape(invite) + "/signup")
}
