// Reads archives the way a Go Wings transfer destination does (spec files-backups-transfers.md §6.5):
// the archive part flows through an io.TeeReader into a SHA-256, then into compress/gzip's reader
// (multistream, its default) and archive/tar, which stops at the end-of-archive records. The hash of what
// the reader consumed must equal the hash of the whole part, or a real destination reports a checksum
// mismatch. The part arrives in irregular chunks, as multipart bodies do.
//
// Usage: go run wings_receiver.go <archive>...   Prints one line per archive:
// <path> <entries> <content bytes> <consumed sha256 == whole sha256> <gzip error or "-">
package main

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"io"
	"math/rand"
	"os"
)

type irregular struct {
	r   io.Reader
	rnd *rand.Rand
}

func (i *irregular) Read(p []byte) (int, error) {
	n := 1 + i.rnd.Intn(64*1024)
	if n < len(p) {
		p = p[:n]
	}
	return i.r.Read(p)
}

func main() {
	for k, path := range os.Args[1:] {
		data, err := os.ReadFile(path)
		if err != nil {
			panic(err)
		}
		whole := sha256.Sum256(data)
		consumed := sha256.New()
		source := &irregular{r: bytesReader(data), rnd: rand.New(rand.NewSource(int64(k + 1)))}
		entries, bytes, failure := 0, int64(0), "-"
		gz, err := gzip.NewReader(io.TeeReader(source, consumed))
		if err != nil {
			failure = err.Error()
		} else {
			tr := tar.NewReader(gz)
			for {
				_, err := tr.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					failure = err.Error()
					break
				}
				n, err := io.Copy(io.Discard, tr)
				if err != nil {
					failure = err.Error()
					break
				}
				entries++
				bytes += n
			}
		}
		same := fmt.Sprintf("%x", consumed.Sum(nil)) == fmt.Sprintf("%x", whole[:])
		fmt.Printf("%s %d %d %t %q\n", path, entries, bytes, same, failure)
	}
}

type sliceReader struct{ b []byte }

func (s *sliceReader) Read(p []byte) (int, error) {
	if len(s.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.b)
	s.b = s.b[n:]
	return n, nil
}

func bytesReader(b []byte) io.Reader { return &sliceReader{b} }
