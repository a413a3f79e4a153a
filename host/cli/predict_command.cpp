#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

#include "host/cli/cli_support.h"
#include "host/cli/commands.h"
#include "host/common/finite.h"
#include "host/data/dataset/rating_scale.h"

namespace cinerec::cli {

void add_predict_command(CLI::App& app) {
  struct Args {
    RunArgs run;
    std::string user, movie;
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("predict", "Predict one user's rating of one movie");
  add_run_options(*cmd, a->run);
  cmd->add_option("--user", a->user, "User id as in the source data")->required();
  cmd->add_option("--movie", a->movie, "Movie id as in the source data")->required();
  cmd->callback([a] {
    TrainedModel model = open_run(a->run);
    const auto user = model.data.user_ids().find(a->user);
    const auto movie = model.data.movie_ids().find(a->movie);
    if (!user) throw std::invalid_argument("unknown user id " + a->user);
    if (!movie) throw std::invalid_argument("unknown movie id " + a->movie);
    Batch batch;
    batch.clear(0);
    batch.append(model.data, *user, *movie, 0.0f);
    float prediction = 0.0f;
    model.backend->predict(batch, std::span(&prediction, 1));
    require_finite(std::span(&prediction, 1), "the prediction");
    // "prediction" on the rating scale, as a person reads it; "score" the model's raw output.
    const nlohmann::json out = {{"user", a->user},
                                {"movie", a->movie},
                                {"prediction", rating_scale(model.data).clip(prediction)},
                                {"score", prediction}};
    std::printf("%s\n", out.dump().c_str());
  });
}

}  // namespace cinerec::cli
