#include "api/video_chapters.h"

#include <algorithm>
#include <regex>
#include <sstream>

#include "db/database.h"

namespace vv::api {

static int64_t time_to_int(const std::string& t) {
  static const std::regex hms(R"(^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$)");
  std::smatch m;
  if (std::regex_match(t, m, hms)) {
    auto n = [&](int i) { return m[i].matched ? std::stoll(m[i].str()) : 0LL; };
    return n(1) * 3600 + n(2) * 60 + n(3);
  }
  // "h:m:s" / "m:s"
  std::vector<int64_t> parts;
  std::stringstream ss(t);
  std::string p;
  while (std::getline(ss, p, ':')) parts.push_back(p.empty() ? 0 : std::stoll(p));
  int64_t total = 0, mult = 1;
  for (auto it = parts.rbegin(); it != parts.rend() && mult <= 3600; ++it, mult *= 60) total += *it * mult;
  return total;
}

ChapterList parse_chapters(const std::string& text) {
  static const std::regex line_re(R"(^((\d+[h:])?(\d+[m:])?\d+s?)\s)");
  ChapterList out;
  bool found = false;
  std::stringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::smatch m;
    if (!std::regex_search(line, m, line_re)) {
      if (found) break;
      continue;
    }
    found = true;
    std::string title = line.substr(static_cast<size_t>(m.length(0)));
    // 100 characters at most (UTF-8 aware cut).
    size_t chars = 0, cut = 0;
    for (; cut < title.size(); ++cut)
      if ((static_cast<unsigned char>(title[cut]) & 0xC0) != 0x80 && ++chars > 100) break;
    title.resize(cut);
    out.emplace_back(time_to_int(m[1].str()), title);
  }
  if (out.size() < 2) return {};
  return out;
}

ChapterList load_chapters(soci::session& s, int64_t video_id) {
  long long vid = video_id;
  soci::rowset<soci::row> rows =
      (s.prepare << "SELECT timecode, title FROM video_chapters WHERE video_id = :v ORDER BY timecode", soci::use(vid));
  ChapterList out;
  for (const auto& r : rows) out.emplace_back(db::get_i64(r, 0), db::get_str(r, 1));
  return out;
}

void replace_chapters(soci::session& s, int64_t video_id, const ChapterList& chapters) {
  long long vid = video_id;
  s << "DELETE FROM video_chapters WHERE video_id = :v", soci::use(vid);
  for (const auto& [t, title] : chapters) {
    long long tc = t;
    std::string ti = title;
    s << "INSERT INTO video_chapters (video_id, timecode, title) VALUES (:v, :t, :ti) ON CONFLICT DO NOTHING",
        soci::use(vid), soci::use(tc), soci::use(ti);
  }
}

void replace_chapters_from_description(soci::session& s, int64_t video_id, const std::string& old_description,
                                       const std::string& new_description) {
  auto sorted = [](ChapterList c) {
    std::stable_sort(c.begin(), c.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    return c;
  };
  ChapterList from_old = sorted(parse_chapters(old_description));
  if (from_old != load_chapters(s, video_id)) return;  // hand-made chapters stay
  ChapterList from_new = sorted(parse_chapters(new_description));
  if (from_old.empty() && from_new.empty()) return;
  replace_chapters(s, video_id, from_new);
}

}  // namespace vv::api
