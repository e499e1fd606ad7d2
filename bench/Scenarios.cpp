#include "Scenario.h"

namespace sk::bench {

Scenario catalogScenario();
Scenario oversellScenario();
Scenario liveScenario();
Scenario checkoutScenario();
Scenario reportsScenario();
Scenario apiScenario();

const QList<Scenario> &scenarios()
{
    static const QList<Scenario> all{
        startupScenario(),
        catalogScenario(),
        oversellScenario(),
        liveScenario(),
        checkoutScenario(),
        reportsScenario(),
        apiScenario(),
    };
    return all;
}

const Scenario *findScenario(const QString &name)
{
    for (const Scenario &scenario : scenarios()) {
        if (name == QLatin1StringView(scenario.name))
            return &scenario;
    }
    return nullptr;
}

} // namespace sk::bench
