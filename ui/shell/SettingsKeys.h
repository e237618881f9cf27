#pragma once
// QSettings keys used by the GUI, in one place.
#include <QLatin1StringView>

namespace pb::ui::keys {

inline constexpr QLatin1StringView kRecentFiles{"recent/files"};
inline constexpr QLatin1StringView kLanguage{"ui/language"};
inline constexpr QLatin1StringView kFirstStartDone{"app/firstStartDone"};
inline constexpr QLatin1StringView kWindowGeometry{"window/geometry"};
inline constexpr QLatin1StringView kWindowState{"window/state"};
inline constexpr QLatin1StringView kWalkthroughShown{"teaching/walkthroughShown"};
inline constexpr QLatin1StringView kTheme{"ui/theme"};
inline constexpr QLatin1StringView kCalibrationText{"texts/calibration"};  // a core text spec (core/data/assets.h)
inline constexpr QLatin1StringView kEvaluationText{"texts/evaluation"};
inline constexpr QLatin1StringView kHarness{"eval/harness"};  // a core harness name (core/evalzs/harness.h)

} // namespace pb::ui::keys
