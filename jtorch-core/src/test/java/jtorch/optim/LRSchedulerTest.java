package jtorch.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import jtorch.Tensor;
import jtorch.Torch;
import org.junit.jupiter.api.Test;

/** Scheduler behaviour beyond the golden LR sequences. */
class LRSchedulerTest {

  private static Tensor leaf() {
    return Torch.zeros(2).requiresGrad_();
  }

  @Test
  void constructorRecordsInitialLrAndTakesTheInitialStep() {
    SGD opt = new SGD(List.of(leaf()), 0.1);
    StepLR sched = new StepLR(opt, 2, 0.5);
    assertThat(sched.lastEpoch()).isZero();
    assertThat(sched.getLastLr()).containsExactly(0.1);
    assertThat(sched.baseLrs()).containsExactly(0.1);
    assertThat(opt.paramGroups().get(0).getDouble("initial_lr")).isEqualTo(0.1);
    assertThat(opt.stateDict().paramGroups().get(0)).containsEntry("initial_lr", 0.1);
  }

  @Test
  void stepSetsTheGroupsLrThatTheOptimizerUses() {
    Tensor p = leaf();
    SGD opt = new SGD(List.of(p), 1.0);
    ExponentialLR sched = new ExponentialLR(opt, 0.5);
    sched.step();
    sched.step();
    assertThat(opt.paramGroups().get(0).lr()).isEqualTo(0.25);
    p.setGrad(Torch.onesLike(p));
    opt.step();
    assertThat(p.toDoubleArray()).containsExactly(-0.25, -0.25);
  }

  @Test
  void stateDictResumesTheSchedule() {
    SGD a = new SGD(List.of(leaf()), 0.1);
    CosineAnnealingLR sa = new CosineAnnealingLR(a, 10, 0.001);
    for (int i = 0; i < 4; i++) {
      sa.step();
    }
    Map<String, Object> saved = sa.stateDict();
    assertThat(saved).containsEntry("last_epoch", 4);

    SGD b = new SGD(List.of(leaf()), 0.1);
    b.loadStateDict(a.stateDict());
    CosineAnnealingLR sb = new CosineAnnealingLR(b, 10, 0.001);
    sb.loadStateDict(saved);
    assertThat(sb.getLastLr()).isEqualTo(sa.getLastLr());
    for (int i = 0; i < 20; i++) {
      sa.step();
      sb.step();
      assertThat(sb.getLastLr()).isEqualTo(sa.getLastLr());
    }
  }

  @Test
  void badArguments() {
    SGD opt = new SGD(List.of(leaf()), 0.1);
    assertThatThrownBy(() -> new StepLR(opt, 0)).hasMessageContaining("step_size");
    assertThatThrownBy(() -> new CosineAnnealingLR(opt, 0)).hasMessageContaining("T_max");
    StepLR s = new StepLR(opt, 3);
    opt.addParamGroup(new ParamGroup(List.of(leaf())));
    assertThatThrownBy(s::step).hasMessageContaining("param groups");
  }

  @Test
  void subclassMustTakeTheInitialStep() {
    SGD opt = new SGD(List.of(leaf()), 0.1);
    LRScheduler forgetful =
        new LRScheduler(opt) {
          @Override
          protected double computeLr(double groupLr, double baseLr) {
            return groupLr;
          }
        };
    assertThatThrownBy(forgetful::getLastLr).hasMessageContaining("initialStep");
  }
}
