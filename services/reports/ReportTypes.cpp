#include "reports/ReportTypes.h"

#include <QCoreApplication>
#include <array>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

constexpr std::array kGroupings{ReportGrouping::Day,    ReportGrouping::Week,   ReportGrouping::Month,
                                ReportGrouping::Category, ReportGrouping::Vendor, ReportGrouping::Clerk,
                                ReportGrouping::Tender, ReportGrouping::Channel, ReportGrouping::Product};

} // namespace

QString reportGroupingName(ReportGrouping grouping)
{
    switch (grouping) {
    case ReportGrouping::Day: return u"day"_s;
    case ReportGrouping::Week: return u"week"_s;
    case ReportGrouping::Month: return u"month"_s;
    case ReportGrouping::Category: return u"category"_s;
    case ReportGrouping::Vendor: return u"vendor"_s;
    case ReportGrouping::Clerk: return u"clerk"_s;
    case ReportGrouping::Tender: return u"tender"_s;
    case ReportGrouping::Channel: return u"channel"_s;
    case ReportGrouping::Product: return u"product"_s;
    }
    return {};
}

std::optional<ReportGrouping> reportGroupingFromName(const QString &name)
{
    const QString wanted = name.trimmed().toLower();
    for (ReportGrouping grouping : kGroupings)
        if (reportGroupingName(grouping) == wanted)
            return grouping;
    return std::nullopt;
}

QString reportGroupingTitle(ReportGrouping grouping)
{
    switch (grouping) {
    case ReportGrouping::Day: return QCoreApplication::translate("ReportGrouping", "By day");
    case ReportGrouping::Week: return QCoreApplication::translate("ReportGrouping", "By week");
    case ReportGrouping::Month: return QCoreApplication::translate("ReportGrouping", "By month");
    case ReportGrouping::Category: return QCoreApplication::translate("ReportGrouping", "By category");
    case ReportGrouping::Vendor: return QCoreApplication::translate("ReportGrouping", "By vendor");
    case ReportGrouping::Clerk: return QCoreApplication::translate("ReportGrouping", "By clerk");
    case ReportGrouping::Tender: return QCoreApplication::translate("ReportGrouping", "By tender");
    case ReportGrouping::Channel: return QCoreApplication::translate("ReportGrouping", "By channel");
    case ReportGrouping::Product: return QCoreApplication::translate("ReportGrouping", "By product");
    }
    return {};
}

} // namespace sk
