package org.ictbench.cli;

import java.util.Locale;
import org.ictbench.core.Errors;
import picocli.CommandLine.ITypeConverter;

/** {@code --pair A,B}: two ISO 3166 alpha-3 codes, upper-cased, checked when the command line is parsed. */
record EconomyPair(String a, String b) {
  @Override
  public String toString() {
    return a + "," + b;
  }

  /** picocli's converter for {@code --pair}: a bad value is exit 2 with the usual option message. */
  static final class Converter implements ITypeConverter<EconomyPair> {
    @Override
    public EconomyPair convert(String value) {
      String[] p = value.toUpperCase(Locale.ROOT).split(",", -1);
      if (p.length != 2 || !p[0].trim().matches("[A-Z]{3}") || !p[1].trim().matches("[A-Z]{3}")) {
        throw Errors.badOption("--pair", value, "two ISO 3166 alpha-3 codes separated by a comma, such as BLR,CHN");
      }
      return new EconomyPair(p[0].trim(), p[1].trim());
    }
  }
}
