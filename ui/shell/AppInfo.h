#pragma once
// Organisation, application name and version: where QSettings store things, and what
// --version and About show.
namespace pb::ui {

void setApplicationInfo();

} // namespace pb::ui
