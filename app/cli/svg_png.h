#pragma once
// PNG charts for reports. Built with Qt (PRUNEBENCH_CLI_PNG), the CLI renders each SVG
// with QtSvg into a PNG; built without Qt it has no rasteriser and reports link SVGs.
#include <string>

#include "core/report/report.h"

namespace pbcli {

// An empty function when this build cannot write PNG.
pb::report::Rasteriser svgRasteriser();

// The report's line when charts stay SVG (names the reason).
std::string noPngNote();

} // namespace pbcli
