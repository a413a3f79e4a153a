#include <cstdio>
#include <memory>
#include <string>

#include "host/backend/trained_model.h"
#include "host/cli/commands.h"
#include "host/eval/rating_metrics.h"

namespace cinerec::cli {

void add_eval_command(CLI::App& app) {
  struct Args {
    std::string run, split = "test", device = "cpu";
  };
  auto a = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("eval", "Evaluate a trained run: MSE, RMSE, MAE as JSON");
  cmd->add_option("--run", a->run, "Run directory")->required();
  cmd->add_option("--split", a->split, "test | val | train")
      ->check(CLI::IsMember({"test", "val", "train"}))
      ->capture_default_str();
  cmd->add_option("--device", a->device, "cpu, cuda or cuda:N (CUDA builds)")
      ->capture_default_str();
  cmd->callback([a] {
    TrainedModel model = open_trained_model(a->run, a->device);
    const Split split = a->split == "train" ? Split::kTrain
                        : a->split == "val" ? Split::kVal
                                            : Split::kTest;
    const auto indices = model.data.split_indices(split);
    nlohmann::json out =
        evaluate_ratings(*model.backend, model.data, indices, model.config.train.eval_batch_size)
            .to_json();
    out["split"] = a->split;
    std::printf("%s\n", out.dump().c_str());
  });
}

}  // namespace cinerec::cli
