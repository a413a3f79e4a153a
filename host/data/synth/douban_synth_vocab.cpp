#include "host/data/synth/douban_synth_vocab.h"

#include <algorithm>
#include <stdexcept>

#include "host/text/utf8.h"

namespace cinerec::synth {

const std::vector<GenreVocab>& genre_vocab() {
  static const std::vector<GenreVocab> kGenres = {
      {"剧情", "生活岁月父亲母城路间梦春", "Life Road"},
      {"爱情", "爱恋情吻婚嫁心缘约初甜思", "Love Heart"},
      {"喜剧", "笑囧疯狂乐傻逗喜闹欢趣胖", "Crazy Happy"},
      {"动作", "拳枪警斗打擂击速猛特攻拼", "Fight Fury"},
      {"惊悚", "惊魂逃暗禁危噩迷困密阴险", "Fear Night"},
      {"科幻", "星球宇宙机器未来时空际械", "Star Robot"},
      {"动画", "熊猫兔猴鼠喵画萌咪鸭狐企", "Panda Kitty"},
      {"冒险", "岛航海寻宝冰荒野探旅漂洋", "Island Quest"},
      {"犯罪", "罪案毒枭盗贼帮狱匪凶骗劫", "Gang Heist"},
      {"恐怖", "鬼怨尸咒灵僵恐怖丧厉棺坟", "Ghost Curse"},
      {"悬疑", "悬疑谜侦索真相谋嫌踪证局", "Secret Clue"},
      {"奇幻", "幻仙魔法精妖神龙巫奇境界", "Magic Dragon"},
      {"传记", "传记者伟先士英领袖师医匠", "Legend Master"},
      {"歌舞", "歌舞唱曲鞋台步跳蹈芭蕾秀", "Dance Musical"},
      {"家庭", "家儿女爸妈孩姐弟兄妹爷奶", "Family Home"},
      {"历史", "史朝帝皇宫秦汉唐明清国王", "Empire Dynasty"},
      {"战争", "战军兵争役营旗炮弹团卫阵", "War Soldier"},
      {"音乐", "音琴声调弦钢鼓谣滚摇乐唢", "Song Piano"},
      {"运动", "赛冠跑足篮泳射门翼奥体跃", "Champion Goal"},
      {"古装", "妃侯府簪袍锦绣阁嫔钗殿庭", "Palace Princess"},
      {"同性", "断背彩虹蓝青柔伴双忆暖吧", "Rainbow Together"},
      {"武侠", "侠剑刀江湖掌派武林镖功客", "Sword Kungfu"},
      {"灾难", "灾难震啸火洪崩沉没末殒劫", "Storm Quake"},
      {"儿童", "童学校课桌玩具糖积木鸟蛋", "Kids School"},
      {"西部", "牛仔西部马原漠金镇矿骑野", "Cowboy Frontier"},
      {"黑色电影", "黑夜雾雨街烟酒徒影冷刃枪", "Noir Shadow"},
      {"情色", "欲色诱惑私肉艳媚香春乱潮", "Desire Temptation"},
      {"舞台艺术", "戏剧场京昆话幕演旦角腔团", "Opera Stage"},
  };
  return kGenres;
}

std::string_view filler_chars() {
  return "的一是不了在有这个上们到大地为子中你说年着就那和要她出也得里后自以会可下而过天去"
         "能对多然于之都好看起发当成只如事把还用第样道想作种开美总从无己面最但现前些所同又"
         "行意动方期它头经长回位分因很给名知什两次使身被高已其进此常与正感见问力理点文几定"
         "本公做外果走将十实向车全信重三工物气每并别太新比才便再书水像眼等却加电主利受听表"
         "少代员许口由死安写性光白或住望教命花结更拉东处让应直字平报友关放至张认接告入内候"
         "民往何度觉带万男边风解叫任快吃变通立象数四失满远格目条始达深完今提求化业切怎非找"
         "片钱吗语元曾离飞言干流各即指合反题必该论交终请晚制决保读运及则房早院量苦布品近坐"
         "产答视五连司管类且北队久乎越观落尽形红百令周希留市半送兴造谈容极随收首根讲整式取"
         "照办强石古华拿计您装似转诉米称丽南节衣站刻统福故脸选包紧另建维绝树系伤示愿持千谁"
         "准联纪基买志静复痛消社算义竟确需单治卡幸兰念举仅钟怕共毛句息官待究跟穿室易程号居"
         "考突皮哪费倒价图刚脑永响商礼细专黄块脚味改据般破引食仍存众注笔甚某备习默务土微须"
         "试怀料广苏显查议底列富错座参八除亮假印设线温虽掉养停致阳纸李纳验助激够严饭忘支集"
         "丈研班普导顿睡展获艺六波察群段急创区谢店否害草排止组州封睛板况馆育忙质河续哥呼若"
         "推遇标充围著雪船依值慢佛肯闻沙伯族低资屋顾泪洲圣旁堂七露园哭劳型烈姑陈莫鱼异抱权"
         "鲁简态级票怪胜份汽右范床秘午登楼贵吸责例较职属渐左录丝牙党继托赶章智冲叶胡吉卖坚"
         "喝遗救修松临藏担善药悲敢靠伊村戴词森耳差短祖云规窗散油旧适乡架恩铁博雷压超负勒杂"
         "醒洗采毫嘴毕九既状景席珍顶素脱农练按拍征坏骨余承置灯巨免环姆换技翻束增忍餐洛塞缺"
         "判欧层付玛批项狗休懂革良恶委拥娜妙呀退弄熟诺宣银势奖忽套康供优喊降夏刘亡健模败挥"
         "鲜财孤伙杰迹遍盖副坦牌顺秋萨菜划授归浪凡预雄升编典袋莱含盛济蒙棋端腿招释介烧误";
}

std::vector<std::string> split_code_points(std::string_view text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    char32_t cp;
    if (!utf8::decode(text, pos, cp)) throw std::logic_error("invalid UTF-8 in a vocabulary");
    out.emplace_back(text.substr(start, pos - start));
  }
  return out;
}

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t end = std::min(text.find(' ', pos), text.size());
    if (end > pos) out.emplace_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

}  // namespace cinerec::synth
