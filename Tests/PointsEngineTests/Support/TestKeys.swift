import Crypto
import PointsEngine

/// TEST KEYS ONLY. The private keys below are public in this repository;
/// anything they sign proves nothing. Never trust them in a shop.
enum TestKeys {
    /// Private half of `docs/examples/test-keys/TEST-ONLY-demo-programme-key.txt`
    /// (key id `demo-test-key-1`), which signs the demo programme.
    static let demoPrivate = try! P256.Signing.PrivateKey(
        rawRepresentation: Hex.decode("8cf83e7d095b09b5463990e51639f95054b42b61ea0d6493d1d897d2a5f7fe33"))

    /// A second test key, made fresh for each run, that the terminal does not trust.
    static let untrusted = P256.Signing.PrivateKey()
}
