#include "settings/ReceiptPrinterForm.h"

#include "common/InlineMessage.h"
#include "receipts/ReceiptSettingsStore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

enum PrinterKind { NoPrinter, NetworkPrinter };

constexpr int MaxPort = 65535;
constexpr int HostLength = 253;
constexpr int NarrowPaperColumns = 32;
constexpr int WidePaperColumns = 42;
constexpr int WidePaperSmallFontColumns = 48;

Status invalid(const QString &message)
{
    return Error::make(ErrorCode::InvalidInput, message);
}

} // namespace

ReceiptPrinterForm::ReceiptPrinterForm(QWidget *parent)
    : QWidget(parent),
      m_form(new QFormLayout(this)),
      m_register(new QLabel(this)),
      m_kind(new QComboBox(this)),
      m_host(new QLineEdit(this)),
      m_port(new QSpinBox(this)),
      m_columns(new QComboBox(this)),
      m_codePage(new QComboBox(this)),
      m_drawerKick(new QCheckBox(tr("Open the cash &drawer when a sale or refund involves cash"), this)),
      m_message(new InlineMessage(this))
{
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);

    m_register->setObjectName(u"printerRegister"_s);
    m_register->setWordWrap(true);
    m_kind->setObjectName(u"printerKind"_s);
    m_kind->addItem(tr("None: the print dialog or a PDF"), NoPrinter);
    m_kind->addItem(tr("Network receipt printer (ESC/POS)"), NetworkPrinter);
    m_host->setObjectName(u"printerHost"_s);
    m_host->setMaxLength(HostLength);
    m_host->setPlaceholderText(tr("IP address or host name, e.g. 192.168.1.50"));
    m_port->setObjectName(u"printerPort"_s);
    m_port->setRange(1, MaxPort);
    m_port->setToolTip(tr("Receipt printers take print jobs on port %1.").arg(ReceiptSettings::kDefaultPort));
    m_columns->setObjectName(u"printerColumns"_s);
    m_columns->addItem(tr("32 characters (58 mm paper)"), NarrowPaperColumns);
    m_columns->addItem(tr("42 characters (80 mm paper)"), WidePaperColumns);
    m_columns->addItem(tr("48 characters (80 mm paper, small font)"), WidePaperSmallFontColumns);
    m_codePage->setObjectName(u"printerCodePage"_s);
    m_codePage->addItem(tr("CP858: Western European with €"), int(PrinterCodePage::Cp858));
    m_codePage->addItem(tr("CP437: US, without €"), int(PrinterCodePage::Cp437));
    m_drawerKick->setObjectName(u"drawerKickOnCash"_s);
    m_message->setObjectName(u"printerMessage"_s);

    m_form->addRow(m_register);
    m_form->addRow(tr("&Printer:"), m_kind);
    m_form->addRow(tr("&Host:"), m_host);
    m_form->addRow(tr("P&ort:"), m_port);
    m_form->addRow(tr("Paper &width:"), m_columns);
    m_form->addRow(tr("Code pa&ge:"), m_codePage);
    m_form->addRow(QString(), m_drawerKick);
    m_form->addRow(m_message);

    setTabOrder(m_kind, m_host);
    setTabOrder(m_host, m_port);
    setTabOrder(m_port, m_columns);
    setTabOrder(m_columns, m_codePage);
    setTabOrder(m_codePage, m_drawerKick);

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        updateNetworkFields();
        emit edited();
    });
    connect(m_host, &QLineEdit::textEdited, this, &ReceiptPrinterForm::edited);
    connect(m_port, &QSpinBox::valueChanged, this, &ReceiptPrinterForm::edited);
    connect(m_columns, &QComboBox::currentIndexChanged, this, &ReceiptPrinterForm::edited);
    connect(m_codePage, &QComboBox::currentIndexChanged, this, &ReceiptPrinterForm::edited);
    connect(m_drawerKick, &QCheckBox::toggled, this, &ReceiptPrinterForm::edited);

    setSettings(ReceiptSettings());
}

void ReceiptPrinterForm::setRegisterName(const QString &name)
{
    m_register->setText(tr("For this computer's register, %1. The Register page chooses which register it is.").arg(name));
}

void ReceiptPrinterForm::setSettings(const ReceiptSettings &settings)
{
    m_saved = settings;
    const QSignalBlocker blockKind(m_kind);
    const QSignalBlocker blockPort(m_port);
    const QSignalBlocker blockColumns(m_columns);
    const QSignalBlocker blockCodePage(m_codePage);
    const QSignalBlocker blockDrawer(m_drawerKick);
    m_kind->setCurrentIndex(m_kind->findData(settings.printerHost.isEmpty() ? NoPrinter : NetworkPrinter));
    m_host->setText(settings.printerHost);
    m_port->setValue(settings.printerPort);
    selectColumns(settings.columns);
    m_codePage->setCurrentIndex(m_codePage->findData(int(settings.codePage)));
    m_drawerKick->setChecked(settings.drawerKickOnCash);
    updateNetworkFields();
}

void ReceiptPrinterForm::selectColumns(int columns)
{
    int index = m_columns->findData(columns);
    // A width set elsewhere (the store accepts 24 to 80) stays choosable.
    if (index < 0) {
        m_columns->addItem(tr("%n characters", nullptr, columns), columns);
        index = m_columns->count() - 1;
    }
    m_columns->setCurrentIndex(index);
}

void ReceiptPrinterForm::updateNetworkFields()
{
    const bool network = m_kind->currentData().toInt() == NetworkPrinter;
    m_host->setEnabled(network);
    m_port->setEnabled(network);
}

Status ReceiptPrinterForm::read(ReceiptSettings &settings, QWidget **invalidField) const
{
    auto refuse = [invalidField](QWidget *field, const Status &status) {
        if (invalidField)
            *invalidField = field;
        return status;
    };
    ReceiptSettings edited = m_saved;
    const bool network = m_kind->currentData().toInt() == NetworkPrinter;
    if (network) {
        edited.printerHost = m_host->text().trimmed();
        edited.printerPort = m_port->value();
        if (edited.printerHost.isEmpty())
            return refuse(m_host, invalid(tr("Enter the receipt printer's IP address (for example 192.168.1.50) or "
                                             "host name, or choose no printer.")));
    } else {
        // The port is kept, so choosing the network printer again finds it.
        edited.printerHost.clear();
    }
    edited.columns = m_columns->currentData().toInt();
    edited.codePage = PrinterCodePage(m_codePage->currentData().toInt());
    edited.drawerKickOnCash = m_drawerKick->isChecked();
    if (Status ok = ReceiptSettingsStore::validate(edited); !ok)
        return refuse(m_host, ok);
    settings = edited;
    return Status::success();
}

void ReceiptPrinterForm::showError(const QString &text)
{
    m_message->showError(text);
}

void ReceiptPrinterForm::clearMessage()
{
    m_message->clear();
}

QString ReceiptPrinterForm::message() const
{
    return m_message->text();
}

QWidget *ReceiptPrinterForm::firstField() const
{
    return m_kind;
}

QWidget *ReceiptPrinterForm::lastField() const
{
    return m_drawerKick;
}

} // namespace sk
