#pragma once

#include <QCoreApplication>
#include <QStringList>

namespace sk::cli {

// Chooses the language of everything the program says: --lang LANG when given,
// else the system's. Installs Qt's own catalogue (qtbase_<lang>.qm, for
// standard dialogs and QCommandLineParser messages) and Storekeeper's, which
// is embedded as :/i18n/storekeeper_<lang>.qm.
class Localization {
    Q_DECLARE_TR_FUNCTIONS(Localization)

public:
    static QStringList supportedLanguages(); // "en", "de", "fr"

    // The value of --lang (or --lang=LANG) among the raw arguments, which are
    // read before any parser exists so that --help is already translated.
    // Empty when absent; "--lang" without a value yields "--lang" so that the
    // caller reports it.
    static QString requestedLanguage(const QStringList &arguments);

    // Installs the translators on app (they live as long as it does). Returns
    // false for a language Storekeeper does not speak; English then stays.
    static bool install(QCoreApplication &app, const QString &requested);

    // Prints the usage error for an unsupported --lang value.
    static int reportUnsupported(const QString &requested);
};

} // namespace sk::cli
