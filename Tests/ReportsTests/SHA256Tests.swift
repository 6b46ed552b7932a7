import Reports
import XCTest

/// The pure SHA-256 against the NIST (FIPS 180-4 / CAVS) example vectors.
final class SHA256Tests: XCTestCase {
    func test_nistVectors() {
        XCTAssertEqual(SHA256.hex(Array("".utf8)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex(Array(("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
                                         + "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu").utf8)),
                       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        XCTAssertEqual(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Fed in pieces or at once, the same digest (block boundaries at 55, 56, 63, 64 bytes).
    func test_pieces() {
        for count in [55, 56, 63, 64, 65, 127, 128] {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 * 7) }
            var hash = SHA256()
            hash.update(bytes.prefix(10))
            hash.update(bytes.dropFirst(10))
            XCTAssertEqual(hash.finalize().count, 32)
            var again = SHA256()
            again.update(bytes.prefix(10))
            again.update(bytes.dropFirst(10))
            XCTAssertEqual(again.finalize(), { var h = SHA256(); h.update(bytes); return h.finalize() }())
        }
    }
}
