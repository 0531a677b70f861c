// Package browsertest drives the real server through a real Chromium
// (Debian's chromium-headless-shell) the way people use it: donors,
// warehouse staff on a phone, hospitals, auditors and the public, in zh-CN
// and en, at phone and desktop sizes. It holds only tests; see harness_test.go.
package browsertest
