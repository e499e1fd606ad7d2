#include "Localization.h"

#include "CommandLine.h"

#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace sk::cli {

QStringList Localization::supportedLanguages()
{
    return {u"en"_s, u"de"_s, u"fr"_s};
}

QString Localization::requestedLanguage(const QStringList &arguments)
{
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == u"--"_s)
            break;
        if (argument == u"--lang"_s)
            return i + 1 < arguments.size() ? arguments.at(i + 1) : argument;
        if (argument.startsWith(u"--lang="_s))
            return argument.mid(7);
    }
    return {};
}

bool Localization::install(QCoreApplication &app, const QString &requested)
{
    QLocale locale; // the system's
    if (!requested.isEmpty()) {
        if (!supportedLanguages().contains(requested))
            return false;
        locale = QLocale(requested);
        // Dates, numbers and money follow the chosen language too.
        QLocale::setDefault(locale);
    }
    // English is the source language: its catalogue holds only the plural
    // forms ("1 order", "2 orders"), and Qt's own strings need none.
    if (locale.language() == QLocale::English || locale.language() == QLocale::C) {
        auto *plurals = new QTranslator(&app);
        if (plurals->load(u"storekeeper_en"_s, u":/i18n"_s))
            QCoreApplication::installTranslator(plurals);
        else
            delete plurals;
        return true;
    }

    auto *qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
    else
        delete qtTranslator;

    auto *ownTranslator = new QTranslator(&app);
    if (ownTranslator->load(locale, u"storekeeper"_s, u"_"_s, u":/i18n"_s))
        QCoreApplication::installTranslator(ownTranslator);
    else
        delete ownTranslator;
    return true;
}

int Localization::reportUnsupported(const QString &requested)
{
    if (requested == u"--lang"_s)
        printError(tr("storekeeper: --lang needs a language: %1.").arg(supportedLanguages().join(u", "_s)));
    else
        printError(tr("storekeeper: the language \"%1\" is not available. Choose one of: %2.")
                       .arg(requested, supportedLanguages().join(u", "_s)));
    return ExitUsage;
}

} // namespace sk::cli
