// Package static holds the CSS, vendored scripts and images, embedded in the binary.
package static

import "embed"

// FS is the static assets, served under /static/.
//
//go:embed *.css *.js *.wasm js
var FS embed.FS
