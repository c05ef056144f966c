#!/bin/sh
# Regenerates the sample cluster's binary fixtures from src/ (small, committed so the demo needs
# no packaging tools): overlay.tar.gz, a .deb and a .rpm. Needs tar, gzip, dpkg-deb, rpmbuild.
set -eu
cd "$(dirname "$0")"
export SOURCE_DATE_EPOCH=1767225600
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@$SOURCE_DATE_EPOCH \
    -C src/overlay -cf - . | gzip -n -9 > files/overlay.tar.gz
dpkg-deb --root-owner-group -Zgzip --build src/deb files/lui-sample-tools_1.0_all.deb >/dev/null
top=$(mktemp -d)
trap 'rm -rf "$top"' EXIT
rpmbuild --quiet --define "_topdir $top" --define "_build_id_links none" -bb src/lui-sample-tools.spec
cp "$top"/RPMS/noarch/lui-sample-tools-1.0-1.noarch.rpm files/
ls -l files/overlay.tar.gz files/*.deb files/*.rpm
