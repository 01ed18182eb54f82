// Small wrappers over OpenSSL and libxcrypt: random tokens, digests, bcrypt
// password hashes (PeerTube stores `$2b$` hashes, which verify here unchanged)
// and the RSA-2048 key pairs every ActivityPub actor carries.
#pragma once
#include <string>
#include <string_view>

namespace vv {

std::string random_bytes(size_t n);
std::string random_hex(size_t n_bytes);
std::string hex_encode(std::string_view bytes);
std::string sha256(std::string_view data);       // raw 32 bytes
std::string sha256_hex(std::string_view data);
std::string base64_encode(std::string_view data);

std::string bcrypt_hash(const std::string& password, int cost = 10);
bool bcrypt_verify(const std::string& password, const std::string& hash);

struct RsaKeyPair {
  std::string public_pem;
  std::string private_pem;
};
RsaKeyPair generate_rsa_keypair(int bits = 2048);

// Constant-time comparison for secrets.
bool secure_equals(std::string_view a, std::string_view b);

}  // namespace vv
