#include "GatewaySimulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

using namespace Qt::StringLiterals;

namespace {

constexpr quint16 DefaultPort = 8089;

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"storekeeper-gateway-sim"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "GatewaySimulatorMain", "A card payment gateway on loopback for testing Storekeeper (docs/payments.md)."));
    parser.addHelpOption();
    const QCommandLineOption portOption(u"port"_s, QCoreApplication::translate("GatewaySimulatorMain", "Port to listen on (default 8089)."),
                                        u"port"_s, QString::number(DefaultPort));
    const QCommandLineOption keyOption(u"api-key"_s,
                                       QCoreApplication::translate("GatewaySimulatorMain", "The only API key accepted (default: any)."),
                                       u"key"_s);
    const QCommandLineOption stateOption(
        u"state"_s, QCoreApplication::translate("GatewaySimulatorMain", "Keep payments in this JSON file across restarts."),
        u"file"_s);
    parser.addOptions({portOption, keyOption, stateOption});
    parser.process(app);

    QTextStream err(stderr);
    bool validPort = false;
    const uint port = parser.value(portOption).toUInt(&validPort);
    if (!validPort || port > 65535) {
        err << QCoreApplication::translate("GatewaySimulatorMain", "The port must be a number from 0 to 65535.") << Qt::endl;
        return 2;
    }

    sk::GatewaySimulator simulator;
    simulator.setApiKey(parser.value(keyOption));
    if (parser.isSet(stateOption)) {
        QString problem;
        if (!simulator.setStateFile(parser.value(stateOption), &problem)) {
            err << QCoreApplication::translate("GatewaySimulatorMain", "Cannot read the state file %1: %2")
                       .arg(parser.value(stateOption), problem)
                << Qt::endl;
            return 1;
        }
    }
    if (!simulator.listen(static_cast<quint16>(port))) {
        err << QCoreApplication::translate("GatewaySimulatorMain", "Cannot listen on port %1: %2. Choose another port with --port.")
                   .arg(port)
                   .arg(simulator.errorString())
            << Qt::endl;
        return 1;
    }
    QTextStream out(stdout);
    out << QCoreApplication::translate("GatewaySimulatorMain", "listening on %1").arg(simulator.url().toString()) << Qt::endl;
    return app.exec();
}
