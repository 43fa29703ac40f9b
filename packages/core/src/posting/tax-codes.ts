import type { TaxLine } from "../entities/order";
import { Decimal } from "../money/decimal";
import type { TaxMappingRule } from "./posting-config";

/**
 * The ERP tax code for a line's taxes (O8): class and zone of the first tax line, rate = the sum of all its rates
 * (a US state + county tax is one combined code). `undefined` when no rule matches; `exemptCode` for untaxed lines,
 * and for lines whose tax lines are all zero-rated and zero when no rule matches them (an explicit "not taxed").
 */
export function resolveTaxCode(
  taxLines: readonly TaxLine[],
  rules: readonly TaxMappingRule[],
  exemptCode: string | undefined,
): string | undefined {
  const first = taxLines[0];
  if (!first) return exemptCode;
  const rate = Decimal.sum(taxLines.map((t) => t.ratePercent));
  let best: { rule: TaxMappingRule; specificity: number } | undefined;
  for (const rule of rules) {
    if (rule.taxClass !== undefined && rule.taxClass !== first.taxClass) continue;
    if (rule.taxZone !== undefined && rule.taxZone !== first.taxZone) continue;
    if (rule.ratePercent !== undefined && !Decimal.from(rule.ratePercent, "taxMappings.ratePercent").eq(rate)) continue;
    const specificity =
      Number(rule.taxClass !== undefined) + Number(rule.taxZone !== undefined) + Number(rule.ratePercent !== undefined);
    if (!best || specificity > best.specificity) best = { rule, specificity };
  }
  if (best) return best.rule.erpTaxCode;
  return rate.isZero() && taxLines.every((t) => t.amount.isZero()) ? exemptCode : undefined;
}

/** Describes a line's taxes for an exception message, e.g. `class standard, zone DE, 19 %`. */
export function describeTax(taxLines: readonly TaxLine[]): string {
  const first = taxLines[0];
  if (!first) return "no tax";
  const rate = Decimal.sum(taxLines.map((t) => t.ratePercent)).normalize();
  return `class ${first.taxClass ?? "(none)"}, zone ${first.taxZone ?? "(none)"}, ${rate} %`;
}
