package witness

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// ConflictError is a witness's 409: it last saw the log at another size
// than the request's old size, and says which.
type ConflictError struct{ Size int64 }

func (e *ConflictError) Error() string {
	return fmt.Sprintf("the witness last saw size %d", e.Size)
}

// RefusedError is any other answer than 200 or 409: the witness refused the
// checkpoint (422: the consistency proof failed; 403: unknown log or key).
type RefusedError struct {
	Status int
	Body   string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("the witness refused the checkpoint: %d %s: %s", e.Status, http.StatusText(e.Status), e.Body)
}

// maxResponse bounds what is read from a witness.
const maxResponse = 64 << 10

// addCheckpoint sends the C2SP tlog-witness add-checkpoint request: the old
// size the witness is believed to know, the consistency proof from it, and
// the signed checkpoint. It returns the witness's signature lines.
func addCheckpoint(ctx context.Context, hc *http.Client, url string, old int64, proof tlog.TreeProof, signed []byte) ([]byte, error) {
	var body bytes.Buffer
	fmt.Fprintf(&body, "old %d\n", old)
	for _, h := range proof {
		fmt.Fprintf(&body, "%s\n", h)
	}
	body.WriteString("\n")
	body.Write(signed)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, &body)
	if err != nil {
		return nil, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return nil, fmt.Errorf("reading the witness's answer: %w", err)
	}
	switch resp.StatusCode {
	case http.StatusOK:
		return b, nil
	case http.StatusConflict:
		n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("the witness answered 409 without a size: %q", b)
		}
		return nil, &ConflictError{Size: n}
	}
	return nil, &RefusedError{Status: resp.StatusCode, Body: strings.TrimSpace(string(b))}
}

// verifyCosignatures keeps the lines of a witness's answer that are valid
// signatures by v on the signed checkpoint, and returns them with the
// cosignature's time. It fails if none is.
func verifyCosignatures(signed, answer []byte, v note.Verifier) (line string, err error) {
	for l := range strings.Lines(string(answer)) {
		if !strings.HasPrefix(l, "— ") || !strings.HasSuffix(l, "\n") {
			continue
		}
		n, err := note.Open(append(bytes.Clone(signed), l...), note.VerifierList(v))
		if err != nil {
			continue
		}
		for _, s := range n.Sigs {
			if s.Name == v.Name() && s.Hash == v.KeyHash() {
				return l, nil
			}
		}
	}
	return "", errors.New("the witness's answer holds no valid cosignature by its key")
}
