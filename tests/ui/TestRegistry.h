#pragma once
// Several Qt Test classes in one executable: each .cpp registers its class by name;
// main.cpp runs all of them, or the one named as the first argument.
#include <QObject>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace pb::ui::test {

using Factory = std::function<std::unique_ptr<QObject>()>;

inline std::vector<std::pair<std::string, Factory>>& registry() {
    static std::vector<std::pair<std::string, Factory>> tests;
    return tests;
}

struct Registration {
    Registration(const char* name, Factory factory) { registry().emplace_back(name, std::move(factory)); }
};

} // namespace pb::ui::test

#define PB_UI_TEST(Class) \
    static const pb::ui::test::Registration pbUiTestRegistration##Class(#Class, [] { return std::make_unique<Class>(); })
