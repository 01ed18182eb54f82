// config/default.yaml, compiled into the binary so `vidiverse` runs from any
// directory (the file in the source tree stays the one to read and edit).
#pragma once
namespace vv {
extern const char* const kDefaultConfigYaml;
}
