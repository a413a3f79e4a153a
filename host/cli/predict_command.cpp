#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

#include "host/backend/trained_model.h"
#include "host/cli/commands.h"

namespace cinerec::cli {

void add_predict_command(CLI::App& app) {
  struct Args {
    std::string run, user, movie, device = "cpu";
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("predict", "Predict one user's rating of one movie");
  cmd->add_option("--run", a->run, "Run directory")->required();
  cmd->add_option("--user", a->user, "User id as in the source data")->required();
  cmd->add_option("--movie", a->movie, "Movie id as in the source data")->required();
  cmd->add_option("--device", a->device, "cpu, cuda or cuda:N (CUDA builds)")
      ->capture_default_str();
  cmd->callback([a] {
    TrainedModel model = open_trained_model(a->run, a->device);
    const auto user = model.data.user_ids().find(a->user);
    const auto movie = model.data.movie_ids().find(a->movie);
    if (!user) throw std::invalid_argument("unknown user id " + a->user);
    if (!movie) throw std::invalid_argument("unknown movie id " + a->movie);
    Batch batch;
    batch.clear(0);
    batch.append(model.data, *user, *movie, 0.0f);
    float prediction = 0.0f;
    model.backend->predict(batch, std::span(&prediction, 1));
    const nlohmann::json out = {{"user", a->user}, {"movie", a->movie}, {"prediction", prediction}};
    std::printf("%s\n", out.dump().c_str());
  });
}

}  // namespace cinerec::cli
