/// Where the journal writes, the page cache holds no large folios.
///
/// A bulk read (the open's pass, `journal verify`, another process reading the file) can leave
/// the file in the page cache as large folios, up to 2 MiB each on Linux 6.x; an append's
/// 512-byte write into one dirties it whole, and its `fdatasync` writes all of it back. So before
/// an append writes outside the window released last (at the first append after opening, too),
/// the engine drops the cache of the ``cacheWindowBytes`` from the write on, rounded out to whole
/// possible folios; before its first sync-mark move it drops the superblocks' folio. One
/// `posix_fadvise` per window of appends. The open itself releases nothing: for a full 16 MiB
/// journal, dropping the whole file there cost a quarter of the open, and only the places
/// written next matter.
extension Engine {
    /// Bytes released at once ahead of the appends.
    static let cacheWindowBytes: Int64 = 4 << 20
    /// The largest folio the page cache builds (PMD size on x86-64 with 4 KiB pages): folios
    /// are aligned to their size, so a range rounded out to it holds only whole folios.
    static let largestFolioBytes: Int64 = 2 << 20

    /// Before a sync-mark move: the superblocks' folio, once per opening.
    func releaseSuperblockCacheIfNeeded() {
        guard !superblockCacheReleased else { return }
        storage.releaseCache(offset: 0, length: Engine.largestFolioBytes)
        superblockCacheReleased = true
    }

    /// Before a write of `length` bytes at `offset`: releases a new window there unless the
    /// write falls inside the last one.
    func releaseCacheIfNeeded(forWriteAt offset: Int64, length: Int) {
        if let window = cacheReleased, window.contains(offset), window.contains(offset + Int64(length) - 1) { return }
        releaseCacheWindow(at: offset)
    }

    private func releaseCacheWindow(at offset: Int64) {
        let start = offset / Engine.largestFolioBytes * Engine.largestFolioBytes
        storage.releaseCache(offset: start, length: Engine.cacheWindowBytes)
        cacheReleased = start..<(start + Engine.cacheWindowBytes)
    }
}
