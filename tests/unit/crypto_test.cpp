#include <gtest/gtest.h>

#include "core/crypto.h"

using namespace vv;

TEST(Crypto, BcryptVerifiesKnownVectors) {
  // OpenWall's crypt_blowfish test vectors; PeerTube stores the same format.
  EXPECT_TRUE(bcrypt_verify("U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"));
  EXPECT_TRUE(bcrypt_verify("U*U", "$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"));
  EXPECT_FALSE(bcrypt_verify("U*V", "$2b$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"));
  EXPECT_FALSE(bcrypt_verify("x", "not a hash"));
  EXPECT_FALSE(bcrypt_verify("x", ""));
}

TEST(Crypto, BcryptHashRoundTrips) {
  std::string h = bcrypt_hash("correct horse", 4);
  EXPECT_EQ(h.substr(0, 7), "$2b$04$");
  EXPECT_TRUE(bcrypt_verify("correct horse", h));
  EXPECT_FALSE(bcrypt_verify("correct horsf", h));
}

TEST(Crypto, Sha256AndHex) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex_encode(std::string("\x00\xff", 2)), "00ff");
  EXPECT_EQ(base64_encode("hello"), "aGVsbG8=");
  EXPECT_EQ(random_hex(20).size(), 40u);
}

TEST(Crypto, RsaKeyPairIsPem) {
  auto k = generate_rsa_keypair(2048);
  EXPECT_EQ(k.public_pem.rfind("-----BEGIN PUBLIC KEY-----", 0), 0u);
  EXPECT_EQ(k.private_pem.rfind("-----BEGIN PRIVATE KEY-----", 0), 0u);
}
