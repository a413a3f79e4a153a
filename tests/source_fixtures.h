// Small valid source directories, one per format, shared by the reader tests. Each exercises the
// awkward corners of its format (quoted fields, multi-line titles, Latin-1, extra columns).
#pragma once

#include <cstddef>
#include <map>
#include <string>

namespace cinerec::testing {

// File name -> contents.
using SourceFiles = std::map<std::string, std::string>;

struct TableSizes {
  size_t users = 0;
  size_t movies = 0;
  size_t ratings = 0;
};

struct SourceFixture {
  SourceFiles files;
  TableSizes sizes;
};

// Columns in a shuffled order with an extra one; movie 10's quoted title spans lines 2-3.
inline SourceFixture douban_fixture() {
  return {{{"users.csv",
            "Gender,UserID,Age,JobID,Note\n"
            "F,1,1,10,x\n"
            "M,2,56,0,\n"},
           {"movies.csv",
            "MovieID,Title,Genres\n"
            "10,\"Hello, \"\"World\"\"\nPart 2 (1999)\",Drama|Comedy/ Drama | |Action\n"
            "20,霸王别姬,剧情/爱情\n"},
           {"ratings.csv",
            "RatingID,UserID,MovieID,Rating,Timestamp\n"
            "1,1,10,5,1000000000\n"
            "2,2,20,1,2001-09-09 01:46:40\n"
            "3,1,20,3,0\n"
            "4,1,10,4,1000000001\n"}},
          {2, 2, 4}};
}

// The moviedata-10m layout: MD5 user ids, many unused columns, quoted multi-line storylines.
inline SourceFixture moviedata_fixture() {
  return {{{"users.csv",
            "USER_MD5,USER_NICKNAME\n"
            "0ab7e3efacd56983f16503572d2b9915,\"Bob, the \"\"critic\"\"\"\n"
            "84dfd3f91dd85ea105bc74a4f0d7a067,\n"},
           {"movies.csv",
            "MOVIE_ID,NAME,ALIAS,GENRES,YEAR,STORYLINE\n"
            "1292052,肖申克的救赎 The Shawshank Redemption,月黑高飞,犯罪/剧情/,1994,\"A banker,\n"
            "wrongly \"\"convicted\"\"\"\n"
            "1291546,霸王别姬,,剧情/爱情/ 同性 ,0,\n"
            "1300000,\"Untitled, \"\"draft\"\"\",,,,\n"},
           {"ratings.csv",
            "RATING_ID,USER_MD5,MOVIE_ID,RATING,RATING_TIME\n"
            "1,0ab7e3efacd56983f16503572d2b9915,1292052,5,2018-06-03 10:20:30\n"
            "2,84dfd3f91dd85ea105bc74a4f0d7a067,1291546,2,2019-12-31 23:59:59\n"
            "3,84dfd3f91dd85ea105bc74a4f0d7a067,1300000,3,2018-06-03 10:20:30\n"}},
          {2, 3, 3}};
}

// Latin-1 bytes: "Mis\xE9rables" is "Misérables".
inline SourceFixture ml1m_fixture() {
  return {{{"users.dat",
            "1::F::1::10::48067\n"
            "2::M::56::16::70072\n"},
           {"movies.dat",
            "1::Toy Story (1995)::Animation|Children's|Comedy\n"
            "2::Mis\xE9rables, Les (1995)::Drama| Musical |Drama\n"},
           {"ratings.dat",
            "1::1::5::978300760\n"
            "2::2::3::978302109\n"
            "1::2::4::978301968\n"}},
          {2, 2, 3}};
}

// Three named genres (u.genre ends with a blank line, as the real file does).
inline SourceFixture ml100k_fixture() {
  return {{{"u.genre",
            "unknown|0\nAction|1\nCom\xE9"
            "die|2\n\n"},
           {"u.occupation", "administrator\nartist\nother\n"},
           {"u.user",
            "1|24|M|artist|85711\n"
            "2|53|F|other|94043\n"},
           {"u.item",
            "1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story|0|1|1\n"
            "2|Mis\xE9rables, Les (1995)|01-Jan-1995||http://x|1|0|0\n"},
           {"u.data",
            "1\t1\t5\t874965758\n"
            "2\t2\t3\t876893171\n"
            "1\t2\t4\t874965478\n"}},
          {2, 2, 3}};
}

}  // namespace cinerec::testing
