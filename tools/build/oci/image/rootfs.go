package image

import (
	"archive/tar"
	"bytes"
	"encoding/pem"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// epoch is the modification time of every file: a fixed time keeps layer digests stable.
var epoch = time.Unix(0, 0).UTC()

// entry is one file or directory of a layer.
type entry struct {
	path     string // absolute, without trailing slash
	mode     int64
	uid, gid int
	content  []byte
	dir      bool
}

// layerTar writes entries in the given order with fixed metadata, so equal entries always
// give byte-identical tars.
func layerTar(entries []entry) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		hdr := &tar.Header{
			Name:    strings.TrimPrefix(e.path, "/"),
			Mode:    e.mode,
			Uid:     e.uid,
			Gid:     e.gid,
			ModTime: epoch,
			Format:  tar.FormatPAX,
		}
		if e.dir {
			hdr.Typeflag = tar.TypeDir
			hdr.Name += "/"
		} else {
			hdr.Typeflag = tar.TypeReg
			hdr.Size = int64(len(e.content))
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return nil, err
		}
		if _, err := tw.Write(e.content); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// parseUser splits "uid" or "uid:gid"; names are refused because there is no passwd to look
// them up in at run time other than the one this image writes.
func parseUser(user string) (uid, gid int, err error) {
	u, g, hasGroup := strings.Cut(user, ":")
	uid, err = strconv.Atoi(u)
	if err != nil || uid < 0 {
		return 0, 0, fmt.Errorf("%w: got %q", ErrBadUser, user)
	}
	gid = uid
	if hasGroup {
		gid, err = strconv.Atoi(g)
		if err != nil || gid < 0 {
			return 0, 0, fmt.Errorf("%w: got %q", ErrBadUser, user)
		}
	}
	return uid, gid, nil
}

// baseEntries is what a distroless "static" base would give: root and nonroot accounts, CA
// roots, a writable /tmp, the config mount point and the user's home.
func baseEntries(caCerts []byte, uid, gid int) ([]entry, error) {
	if block, _ := pem.Decode(caCerts); block == nil {
		return nil, ErrNoCACerts
	}
	account := "nonroot"
	if uid == 0 {
		account = "root"
	}
	passwd := "root:x:0:0:root:/root:/sbin/nologin\n"
	group := "root:x:0:\n"
	if uid != 0 {
		passwd += fmt.Sprintf("%s:x:%d:%d:%s:/home/%s:/sbin/nologin\n", account, uid, gid, account, account)
		group += fmt.Sprintf("%s:x:%d:\n", account, gid)
	}
	entries := []entry{
		// /data belongs to the image user: services keep state there (a relative SQLite path
		// such as data/user.db, from the working directory /) and a volume mounted there
		// inherits the owner; /data/conf stays root's, configs are read-only input.
		{path: "/data", mode: 0o755, uid: uid, gid: gid, dir: true},
		{path: "/data/conf", mode: 0o755, dir: true},
		{path: "/etc", mode: 0o755, dir: true},
		{path: "/etc/group", mode: 0o644, content: []byte(group)},
		{path: "/etc/passwd", mode: 0o644, content: []byte(passwd)},
		{path: "/etc/ssl", mode: 0o755, dir: true},
		{path: "/etc/ssl/certs", mode: 0o755, dir: true},
		{path: "/etc/ssl/certs/ca-certificates.crt", mode: 0o644, content: caCerts},
		{path: "/home", mode: 0o755, dir: true},
	}
	if uid != 0 {
		entries = append(entries, entry{path: "/home/" + account, mode: 0o700, uid: uid, gid: gid, dir: true})
	}
	entries = append(entries, entry{path: "/tmp", mode: 0o1777, dir: true})
	return entries, nil
}

// appEntries holds only the binary, so a new build of a service changes one small layer.
func appEntries(name string, binary []byte) []entry {
	return []entry{
		{path: appDir, mode: 0o755, dir: true},
		{path: appDir + "/" + name, mode: 0o755, content: binary},
	}
}
