#include "Scenario.h"

namespace sk::bench {

Scenario catalogScenario();
Scenario oversellScenario();
Scenario liveScenario();
Scenario checkoutScenario();
Scenario reportsScenario();

const QList<Scenario> &scenarios()
{
    // Planned next, one file each: api.
    static const QList<Scenario> all{
        startupScenario(),
        catalogScenario(),
        oversellScenario(),
        liveScenario(),
        checkoutScenario(),
        reportsScenario(),
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
