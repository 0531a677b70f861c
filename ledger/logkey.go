package ledger

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

// LogKey is the log's Ed25519 signing key in note format; its name is the
// log's origin.
type LogKey struct {
	Signer   note.Signer
	Verifier note.Verifier
	VKey     string // verifier key, note vkey format
}

// LoadOrCreateLogKey reads the signing key at path, creating it (mode 0600)
// for origin if the file does not exist. It fails if the key was made for a
// different origin.
func LoadOrCreateLogKey(path, origin string) (*LogKey, error) {
	skey, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		s, _, gerr := note.GenerateKey(rand.Reader, origin)
		if gerr != nil {
			return nil, fmt.Errorf("generating log key: %w", gerr)
		}
		f, ferr := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if ferr != nil {
			return nil, fmt.Errorf("creating log key: %w", ferr)
		}
		if _, werr := f.WriteString(s + "\n"); werr != nil {
			f.Close()
			return nil, fmt.Errorf("writing log key: %w", werr)
		}
		if serr := f.Sync(); serr != nil {
			f.Close()
			return nil, fmt.Errorf("writing log key: %w", serr)
		}
		if cerr := f.Close(); cerr != nil {
			return nil, fmt.Errorf("writing log key: %w", cerr)
		}
		skey = []byte(s)
	} else if err != nil {
		return nil, fmt.Errorf("reading log key: %w", err)
	}
	k, err := ParseLogKey(strings.TrimSpace(string(skey)))
	if err != nil {
		return nil, fmt.Errorf("log key %s: %w", path, err)
	}
	if k.Signer.Name() != origin {
		return nil, fmt.Errorf("log key %s was made for origin %q, not %q: start with -origin %q or use another data directory", path, k.Signer.Name(), origin, k.Signer.Name())
	}
	return k, nil
}

// LoadLogKeyFile reads the signing key at path for origin; it never creates one.
func LoadLogKeyFile(path, origin string) (*LogKey, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("reading log key: %w", err)
	}
	return LoadOrCreateLogKey(path, origin)
}

// ParseLogKey builds a LogKey from a note signer key.
func ParseLogKey(skey string) (*LogKey, error) {
	s, err := note.NewSigner(skey)
	if err != nil {
		return nil, fmt.Errorf("bad signer key: %w", err)
	}
	// The vkey is the public half of the skey's Ed25519 seed (PRIVATE+KEY+name+hash+alg|seed).
	parts := strings.SplitN(skey, "+", 5)
	seed, err := base64.StdEncoding.DecodeString(parts[len(parts)-1])
	if len(parts) != 5 || err != nil || len(seed) != 1+ed25519.SeedSize {
		return nil, errors.New("bad signer key")
	}
	pub := ed25519.NewKeyFromSeed(seed[1:]).Public().(ed25519.PublicKey)
	vkey, err := note.NewEd25519VerifierKey(s.Name(), pub)
	if err != nil {
		return nil, fmt.Errorf("bad verifier key: %w", err)
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, fmt.Errorf("bad verifier key: %w", err)
	}
	return &LogKey{Signer: s, Verifier: v, VKey: vkey}, nil
}

// OriginFromBaseURL returns the C2SP origin for a public base URL: the URL
// without its scheme or trailing slash, e.g. "aidtrail.example/log".
func OriginFromBaseURL(base string) (string, error) {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("bad base URL %q", base)
	}
	return strings.TrimSuffix(u.Host+u.Path, "/"), nil
}
